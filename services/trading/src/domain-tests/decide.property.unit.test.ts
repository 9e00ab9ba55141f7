import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TradingCommand } from '../domain/commands.ts';
import { decide } from '../domain/decide.ts';
import type { TradingEvent } from '../domain/events.ts';
import { providerPayableOf } from '../domain/quote.ts';
import { fold } from '../domain/state.ts';
import { at, scenario } from './transaction-fixtures.ts';

type S = ReturnType<typeof scenario>;

/** A command step, drawn at random; ids come from the run so that repeats happen too. */
const step = fc.oneof(
  fc.constant({ kind: 'initiate' as const }),
  fc.record({ kind: fc.constant('authorize' as const), exact: fc.boolean() }),
  fc.constant({ kind: 'complete' as const }),
  fc.constant({ kind: 'cancel' as const }),
  fc.constant({ kind: 'fail' as const }),
  // Refund amounts as a share of the total (up to 120 %), nudged by a unit, to hit the edges.
  fc.record({
    kind: fc.constant('refund' as const),
    share: fc.integer({ min: 0, max: 120 }),
    nudge: fc.integer({ min: -1, max: 1 }),
  }),
  fc.record({
    kind: fc.constant('paidBack' as const),
    share: fc.integer({ min: 0, max: 120 }),
    nudge: fc.integer({ min: -1, max: 1 }),
  }),
  fc.record({ kind: fc.constant('repeat' as const), index: fc.nat() }),
);
type Step = typeof step extends fc.Arbitrary<infer T> ? T : never;

function toCommand(s: S, st: Step, n: number, past: TradingCommand[]): TradingCommand {
  const amount = (share: number, nudge: number) =>
    Math.max(0, Math.floor((s.quote.totalMinor * share) / 100) + nudge);
  const base = { commandId: `c${n}`, transactionId: s.transactionId, now: at(1 + (n % 20)) };
  switch (st.kind) {
    case 'initiate':
      return { ...base, type: 'InitiatePurchase', actor: s.buyer, services: s.services };
    case 'authorize': {
      const amountMinor = st.exact ? s.quote.totalMinor : s.quote.totalMinor + 1;
      return {
        ...base,
        type: 'RecordPaymentAuthorized',
        paymentIntentId: `pi${n}`,
        amountMinor,
        currency: 'EUR',
      };
    }
    case 'complete':
      return { ...base, type: 'CompletePurchase', actor: s.buyer };
    case 'cancel':
      return { ...base, type: 'CancelPurchase', actor: s.buyer, reason: 'x' };
    case 'fail':
      return { ...base, type: 'RecordPaymentFailed', code: 'declined', reason: 'x' };
    case 'refund':
      return {
        ...base,
        type: 'RefundPurchase',
        actor: s.buyer,
        refundId: `r${n}`,
        amountMinor: amount(st.share, st.nudge),
        reason: 'x',
      };
    case 'paidBack':
      return {
        ...base,
        type: 'RecordPaymentRefunded',
        refundId: `r${n}`,
        amountMinor: amount(st.share, st.nudge),
        currency: 'EUR',
      };
    case 'repeat':
      return past.length === 0
        ? { ...base, type: 'CompletePurchase', actor: s.buyer }
        : past[st.index % past.length]!;
  }
}

function checkInvariants(s: S, events: TradingEvent[]) {
  const types = events.map((e) => e.type);
  const refunds = events.flatMap((e) => (e.type === 'TransactionRefunded' ? [e.data] : []));
  const refunded = refunds.reduce((sum, r) => sum + r.amountMinor, 0);
  const state = fold(events);

  // Money is conserved: what the buyer pays splits exactly into provider, platform, broker.
  const q = s.quote;
  expect(providerPayableOf(q) + q.platformFeeMinor + q.commissionMinor).toBe(q.totalMinor);
  expect(q.lines.reduce((sum, l) => sum + l.lineTotalMinor, 0)).toBe(q.totalMinor);

  // Nothing completes before an authorization.
  const completed = types.indexOf('TransactionCompleted');
  if (completed >= 0) expect(types.indexOf('TransactionAuthorized')).toBeGreaterThanOrEqual(0);
  if (completed >= 0) expect(types.indexOf('TransactionAuthorized')).toBeLessThan(completed);

  // Refunds never exceed the capture, and the running total is the sum of the refunds.
  if (refunds.length > 0) expect(completed).toBeGreaterThanOrEqual(0);
  expect(refunded).toBeLessThanOrEqual(q.totalMinor);
  if (state.status === 'refunded') {
    expect(state.refundedMinor).toBe(refunded);
    expect(state.fully).toBe(refunded === state.capturedMinor);
  }
  for (const r of refunds) expect(r.amountMinor).toBeGreaterThan(0);
}

describe('the transaction under any command sequence', () => {
  it('keeps money conserved, completes only after authorization, refunds within capture', () => {
    const lines = fc.array(
      fc.tuple(fc.integer({ min: 0, max: 500_000 }), fc.integer({ min: 1, max: 5 })),
      {
        minLength: 1,
        maxLength: 4,
      },
    );
    fc.assert(
      fc.property(lines, fc.boolean(), fc.array(step, { maxLength: 30 }), (ls, broker, steps) => {
        const s = scenario({ lines: ls, intermediary: broker });
        const past: TradingCommand[] = [];
        const quote: TradingCommand = {
          type: 'QuotePurchase',
          commandId: 'q',
          transactionId: s.transactionId,
          now: at(0),
          actor: s.buyer,
          parties: s.parties,
          quote: s.quote,
          services: s.services,
        };
        const events = decide(fold([]), quote);

        for (const [n, st] of steps.entries()) {
          const command = toCommand(s, st, n, past);
          past.push(command);
          const before = events.length;
          try {
            events.push(...decide(fold(events), command));
          } catch (error) {
            expect((error as Error).name).toBe('TradingError');
          }
          // Applying the same command again changes nothing.
          if (events.length > before) expect(decide(fold(events), command)).toEqual([]);
          checkInvariants(s, events);
        }
      }),
      { numRuns: 500 },
    );
  });
});
