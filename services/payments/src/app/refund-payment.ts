import { PaymentError } from '../domain/errors.ts';
import { assertCurrency } from '../domain/payment-intent.ts';
import { applyOutcomes } from './apply-outcomes.ts';
import type { GatewayRegistry } from './gateway-registry.ts';
import type { Cause, PaymentsUnit } from './ports/payments-store.ts';
import { reconcile } from './reconcile.ts';

export interface RefundRequest {
  transactionId: string;
  refundId: string;
  amountMinor: number;
  currency: string;
}

/**
 * Money goes back to the buyer: the refund is recorded under its id (once), sent to the
 * gateway with that id as idempotency key and reference, and reversed in the ledger when
 * the gateway's record shows it.
 */
export async function refundPayment(
  unit: PaymentsUnit,
  registry: GatewayRegistry,
  request: RefundRequest,
  cause: Cause,
): Promise<void> {
  const record = await unit.lockIntent({ transactionId: request.transactionId });
  if (!record) throw new PaymentError('PAYMENTS_INTENT_NOT_FOUND', { id: request.transactionId });
  const intent = record.intent;
  assertCurrency(intent, request.currency);

  const known = (await unit.refunds(intent.id)).find((r) => r.id === request.refundId);
  if (known?.applied) return;
  const refundable = intent.capturedMinor - intent.refundedMinor;
  if (!known && request.amountMinor > refundable) {
    throw new PaymentError('PAYMENTS_REFUND_EXCEEDS_CAPTURE', {
      amount: request.amountMinor,
      refundable,
    });
  }
  if (intent.status !== 'captured' && intent.status !== 'partially_refunded') {
    throw new PaymentError('PAYMENTS_INVALID_TRANSITION', { from: intent.status, to: 'refunded' });
  }
  if (!known) await unit.insertRefund(request.refundId, intent.id, request.amountMinor);

  const state = await registry.get(intent.gateway).refund(intent.gatewayPaymentId!, {
    refundId: request.refundId,
    amountMinor: known?.amountMinor ?? request.amountMinor,
    idempotencyKey: `${intent.id}:refund:${request.refundId}`,
  });
  const pending = (await unit.refunds(intent.id)).filter((r) => !r.applied);
  await applyOutcomes(unit, intent, reconcile(intent, state, pending), cause);
}
