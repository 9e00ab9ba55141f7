import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { untilCertificate } from '../../../scripts/demo/purchase-steps.ts';
import { brokeredPurchase } from '../support/purchases.ts';
import type { CollectedSpan } from '../support/span-collector.ts';
import type { PlatformRef } from './context.ts';

export function traceSteps(platform: PlatformRef): void {
  describe('8. one trace links the gateway request to the certificate issuance', () => {
    it('spans of gateway, trading and certificates share the trace the client started', async () => {
      const traceId = randomBytes(16).toString('hex');
      const traceparent = `00-${traceId}-${randomBytes(8).toString('hex')}-01`;

      const { buyer, view } = await brokeredPurchase(platform(), { traceparent });
      await untilCertificate(buyer.api, buyer.userId, view.transactionId);

      const spans = await untilSpansOf(platform().spans.ofTrace, traceId, 'certificates');
      const services = new Set(spans.map((s) => s.service));
      expect([...services].sort()).toEqual(
        expect.arrayContaining(['certificates', 'gateway', 'trading']),
      );
    });
  });
}

/** Spans arrive in batches from each process: waits until `service` has sent one of the trace. */
async function untilSpansOf(
  ofTrace: (traceId: string) => CollectedSpan[],
  traceId: string,
  service: string,
): Promise<CollectedSpan[]> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline && !ofTrace(traceId).some((s) => s.service === service)) {
    await sleep(250);
  }
  return ofTrace(traceId);
}
