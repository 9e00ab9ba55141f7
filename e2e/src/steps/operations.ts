import { describe, expect, it } from 'vitest';
import type { PlatformRef } from './context.ts';

/** What an operator's Prometheus scrapes from each service built on the kit. */
export function operationsSteps(platform: PlatformRef): void {
  describe('operations: each service shows its bus on /metrics', () => {
    it.each(['catalog', 'trading', 'payments', 'certificates'])(
      '%s reports consumer figures beside its HTTP figures',
      async (name) => {
        const url = platform().serviceUrls[name];
        const text = await (await fetch(`${url}/metrics`)).text();

        expect(text).toContain('hcts_bus_consumer_messages_total');
        expect(text).toContain('hcts_bus_consumer_lag');
        expect(text).toContain('http_request_duration_seconds');
      },
    );
  });
}
