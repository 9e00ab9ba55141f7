import {
  authorize,
  cancel,
  capture,
  fail,
  type Outcome,
  type PaymentIntent,
  refund,
  submit,
} from '../domain/payment-intent.ts';
import type { GatewayPayment } from './ports/payment-gateway.ts';

export interface PendingRefund {
  id: string;
  amountMinor: number;
}

/**
 * Moves an intent forward to what the gateway's own record says, one legal step at a time,
 * so that events arriving late, twice or out of order all end in the same state: a step the
 * intent already took is skipped, and the gateway never makes it step back. Refunds are
 * applied only when they are ours (their reference is a refund we asked for).
 * Known limit: a refund made at the gateway directly (its dashboard) is not applied to the
 * ledger; it has no refund id of ours nor a trading transaction behind it. Booking it would
 * need a refund id minted here and an event for trading to learn of it.
 */
export function reconcile(
  start: PaymentIntent,
  state: GatewayPayment,
  pendingRefunds: readonly PendingRefund[],
): Outcome[] {
  const outcomes: Outcome[] = [];
  let intent = start;
  const step = (next: (i: PaymentIntent) => Outcome) => {
    const outcome = next(intent);
    outcomes.push(outcome);
    intent = outcome.intent;
  };
  const early = () => intent.status === 'requires_action' || intent.status === 'processing';
  const reached = ['authorized', 'captured'].includes(state.status);

  if (intent.status === 'requires_action' && state.status === 'processing') {
    step((i) => submit(i, i.gateway, state.gatewayPaymentId));
  }
  if (early() && reached) step((i) => authorize(i, state.gatewayPaymentId));
  if (early() && state.status === 'failed') {
    const failure = state.failure ?? { code: 'gateway_failed', reason: 'the gateway failed it' };
    step((i) => fail(i, failure.code, failure.reason));
  }
  if ((early() || intent.status === 'authorized') && state.status === 'cancelled') {
    step(cancel);
  }
  if (intent.status === 'authorized' && state.status === 'captured') step(capture);

  if (intent.status === 'captured' || intent.status === 'partially_refunded') {
    for (const r of pendingRefunds) {
      if (state.refunds.some((g) => g.reference === r.id))
        step((i) => refund(i, r.id, r.amountMinor));
    }
  }
  return outcomes;
}
