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
 * steps run as the platform runs by default, without it. Each platform has Kafka topics and
 * consumer groups of its own, so the two could run side by side; `before` stops the suite's
 * platform first anyway, so that the machine runs one platform's processes at a time.
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

        const spans = await untilSpansOf(platform().spans.ofTrace, traceId, consumerWithParent);
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

        // Certificates handled the completion inside the bus's consumer span, whose parent is a
        // span of trading's (the request that appended the event), and issued inside it.
        const consumed = spans.find(isCompletionConsumed);
        expect(consumed, `spans of the trace: ${seen}`).toBeDefined();
        const parent = spans.find((s) => s.spanId === consumed?.parentSpanId);
        expect(parent?.service).toBe('trading');
        const inside = spans.filter((s) => s.parentSpanId === consumed?.spanId);
        expect(inside.length, `spans of the trace: ${seen}`).toBeGreaterThan(0);
      },
      stepTimeout,
    );
  });
}

// OTLP's SpanKind: 5 is SPAN_KIND_CONSUMER.
const otlpConsumerKind = 5;

const isCompletionConsumed = (s: CollectedSpan) =>
  s.service === 'certificates' &&
  s.name === 'process hcts.trading.transaction-completed.v1' &&
  s.kind === otlpConsumerKind;

/** The certificates' consumer span of the completion and the span it hangs under have arrived. */
const consumerWithParent = (spans: CollectedSpan[]) => {
  const consumed = spans.find(isCompletionConsumed);
  return consumed !== undefined && spans.some((s) => s.spanId === consumed.parentSpanId);
};

/** Spans arrive in batches from each process: waits until those of the trace satisfy `ready`. */
async function untilSpansOf(
  ofTrace: (traceId: string) => CollectedSpan[],
  traceId: string,
  ready: (spans: CollectedSpan[]) => boolean,
): Promise<CollectedSpan[]> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline && !ready(ofTrace(traceId))) {
    await sleep(250);
  }
  return ofTrace(traceId);
}
