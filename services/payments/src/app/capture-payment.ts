import { PaymentError } from '../domain/errors.ts';
import { applyOutcomes } from './apply-outcomes.ts';
import type { GatewayRegistry } from './gateway-registry.ts';
import type { Cause, PaymentsUnit } from './ports/payments-store.ts';
import { reconcile } from './reconcile.ts';

/**
 * The buyer confirmed delivery: capture at the gateway, then post the hold and the split.
 * Runs in the caller's transaction (the inbox's), under the intent's row lock; the gateway
 * call carries an idempotency key, so a redelivered event captures once. A gateway that
 * captures asynchronously is caught up with by its webhook instead.
 */
export async function capturePayment(
  unit: PaymentsUnit,
  registry: GatewayRegistry,
  transactionId: string,
  cause: Cause,
): Promise<void> {
  const record = await unit.lockIntent({ transactionId });
  if (!record) throw new PaymentError('PAYMENTS_INTENT_NOT_FOUND', { id: transactionId });
  const intent = record.intent;
  if (intent.status !== 'authorized') {
    if (intent.status === 'requires_action' || intent.status === 'processing') {
      throw new PaymentError('PAYMENTS_NOT_YET_AUTHORIZED', { id: intent.id });
    }
    return;
  }

  const state = await registry.get(intent.gateway).capture(intent.gatewayPaymentId!, {
    amountMinor: intent.split.grossMinor,
    idempotencyKey: `${intent.id}:capture`,
  });
  await applyOutcomes(unit, intent, reconcile(intent, state, []), cause);
}
