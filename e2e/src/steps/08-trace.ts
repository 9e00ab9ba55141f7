import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { untilCertificate } from '../../../scripts/demo/purchase-steps.ts';
import { type E2ePlatform, startE2ePlatform } from '../support/e2e-platform.ts';
import { brokeredPurchase } from '../support/purchases.ts';
import type { CollectedSpan } from '../support/span-collector.ts';
import { stepTimeout } from './context.ts';

/**
 * Runs on a platform of its own with tracing on: tracing is an operator's switch, and the other
 * steps run as the platform runs by default, without it. `before` stops the suite's platform
 * first: two platforms on one broker would share consumer groups and take each other's events.
 */
export function traceSteps(before: () => Promise<void>): void {
  describe('8. one trace links the gateway request to the certificate issuance', () => {
    let traced: E2ePlatform | undefined;
    const platform = (): E2ePlatform => {
      if (!traced) throw new Error('the traced platform did not start');
      return traced;
    };
    beforeAll(async () => {
      await before();
      traced = await startE2ePlatform({ tracing: true });
    }, 600_000);
    afterAll(async () => {
      await traced?.stop();
    }, 120_000);

    it(
      'spans of gateway, trading and certificates share the trace the client started',
      async () => {
        const traceId = randomBytes(16).toString('hex');
        const traceparent = `00-${traceId}-${randomBytes(8).toString('hex')}-01`;

        const { buyer, view } = await brokeredPurchase(platform(), { traceparent });
        await untilCertificate(buyer.api, buyer.userId, view.transactionId);

        const spans = await untilSpansOf(platform().spans.ofTrace, traceId, 'certificates');
        const services = new Set(spans.map((s) => s.service));
        const perService = new Map<string, number>();
        for (const span of platform().spans.spans) {
          perService.set(span.service, (perService.get(span.service) ?? 0) + 1);
        }
        const seen = `${spans.map((s) => `${s.service}: ${s.name}`).join('; ')} (all spans: ${[
          ...perService,
        ]
          .map(([service, count]) => `${service} ${count}`)
          .join(', ')})`;
        expect([...services].sort(), `spans of the trace: ${seen}`).toEqual(
          expect.arrayContaining(['certificates', 'gateway', 'trading']),
        );
      },
      stepTimeout,
    );
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
