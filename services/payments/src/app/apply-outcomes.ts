import type { Outcome, PaymentIntent } from '../domain/payment-intent.ts';
import type { Cause, PaymentsUnit } from './ports/payments-store.ts';

/** Writes what the steps decided, in the caller's transaction: state, ledger, events. */
export async function applyOutcomes(
  unit: PaymentsUnit,
  start: PaymentIntent,
  outcomes: readonly Outcome[],
  cause: Cause,
): Promise<PaymentIntent> {
  let intent = start;
  for (const outcome of outcomes) {
    await unit.writeEntries(outcome.entries);
    await unit.publish(outcome.intent, outcome.events, cause);
    for (const fact of outcome.events) {
      if (fact.type === 'refunded') await unit.markRefundApplied(fact.refundId);
    }
    intent = outcome.intent;
  }
  if (outcomes.length > 0) await unit.saveIntent(intent);
  return intent;
}

export const systemCause: Cause = Object.freeze({
  correlationId: 'payments-system',
  causationId: null,
  actor: Object.freeze({ userId: null, organizationId: null, role: 'system' as const }),
});
