import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isPaymentError } from '../domain/errors.ts';
import { LedgerBook } from '../domain/ledger-book.ts';
import {
  authorize,
  cancel,
  capture,
  type Outcome,
  type PaymentIntent,
  refund,
} from '../domain/payment-intent.ts';
import { anIntent } from './fixtures.ts';

type Step =
  | { op: 'authorize'; payment: number }
  | { op: 'capture'; payment: number }
  | { op: 'cancel'; payment: number }
  | { op: 'refund'; payment: number; amount: number }
  | { op: 'replay'; payment: number };

const step = fc.oneof(
  fc.record({ op: fc.constant('authorize' as const), payment: fc.nat(3) }),
  fc.record({ op: fc.constant('capture' as const), payment: fc.nat(3) }),
  fc.record({ op: fc.constant('cancel' as const), payment: fc.nat(3) }),
  fc.record({ op: fc.constant('replay' as const), payment: fc.nat(3) }),
  fc.record({
    op: fc.constant('refund' as const),
    payment: fc.nat(3),
    amount: fc.integer({ min: 1, max: 2_000_000 }),
  }),
);

const amounts = fc
  .record({
    total: fc.integer({ min: 1, max: 1_000_000 }),
    feeBps: fc.integer({ min: 0, max: 5_000 }),
    commissionBps: fc.integer({ min: 0, max: 5_000 }),
    intermediary: fc.boolean(),
  })
  .map((a) => ({
    total: a.total,
    fee: Math.floor((a.total * a.feeBps) / 10_000),
    commission: a.intermediary ? Math.floor((a.total * a.commissionBps) / 10_000) : 0,
    intermediary: a.intermediary,
  }));

function decide(intent: PaymentIntent, s: Step, n: number): Outcome {
  if (s.op === 'authorize') return authorize(intent, null);
  if (s.op === 'capture') return capture(intent);
  if (s.op === 'cancel') return cancel(intent);
  if (s.op === 'refund') return refund(intent, `r${n}`, s.amount);
  return { intent, entries: [], events: [] };
}

describe('the ledger under random sequences', () => {
  it('sums to zero, never refunds beyond the capture and never over-reverses a part', () => {
    fc.assert(
      fc.property(
        fc.array(amounts, { minLength: 4, maxLength: 4 }),
        fc.array(step, { maxLength: 40 }),
        (setup, steps) => {
          const book = new LedgerBook();
          const intents = setup.map((a) => anIntent(a));
          const written: Outcome['entries'][number][] = [];

          steps.forEach((s, n) => {
            const intent = intents[s.payment]!;
            let outcome: Outcome;
            try {
              outcome = decide(intent, s, n);
            } catch (error) {
              if (isPaymentError(error)) return;
              throw error;
            }
            for (const e of outcome.entries) {
              book.apply(e);
              written.push(e);
            }
            if (s.op === 'replay') for (const e of written) expect(book.apply(e)).toBe('replayed');
            intents[s.payment] = outcome.intent;
          });

          for (const total of book.totalsByCurrency().values()) expect(total).toBe(0n);
          for (const i of intents) {
            expect(i.refundedMinor).toBeLessThanOrEqual(i.capturedMinor);
            expect(i.reversed.providerMinor).toBeLessThanOrEqual(i.split.providerMinor);
            expect(i.reversed.platformFeeMinor).toBeLessThanOrEqual(i.split.platformFeeMinor);
            expect(i.reversed.commissionMinor).toBeLessThanOrEqual(i.split.commissionMinor);
            const reversed =
              i.reversed.providerMinor + i.reversed.platformFeeMinor + i.reversed.commissionMinor;
            expect(reversed).toBe(i.refundedMinor);
          }
          const clearing = [...book.balances('posted')].filter(([k]) =>
            k.startsWith('gateway_clearing'),
          );
          for (const [, balance] of clearing) expect(balance).toBeGreaterThanOrEqual(0);
        },
      ),
      { numRuns: 300 },
    );
  });
});
