import type { Logger } from 'pino';
import { cancel, type Outcome } from '../domain/payment-intent.ts';
import { beforeMoneyMoves } from '../domain/payment-status.ts';
import { applyOutcomes } from './apply-outcomes.ts';
import type { GatewayRegistry } from './gateway-registry.ts';
import type { Cause, PaymentsUnit } from './ports/payments-store.ts';
import { reconcile } from './reconcile.ts';

/**
 * The transaction was cancelled before completion: the gateway releases the money and the
 * ledger voids the hold. A payment already captured is left alone (refunds undo those), and
 * one never sent to a gateway is simply cancelled.
 */
export async function cancelPayment(
  unit: PaymentsUnit,
  registry: GatewayRegistry,
  log: Logger,
  transactionId: string,
  cause: Cause,
): Promise<void> {
  const record = await unit.lockIntent({ transactionId });
  if (!record) return;
  const intent = record.intent;
  if (!beforeMoneyMoves(intent.status) && intent.status !== 'authorized') {
    log.info({ paymentIntentId: intent.id, status: intent.status }, 'cancel ignored');
    return;
  }

  let outcomes: Outcome[];
  if (intent.gatewayPaymentId === null) {
    outcomes = [cancel(intent)];
  } else {
    const state = await registry.get(intent.gateway).cancel(intent.gatewayPaymentId, {
      idempotencyKey: `${intent.id}:cancel`,
    });
    outcomes = reconcile(intent, state, []);
  }
  await applyOutcomes(unit, intent, outcomes, cause);
}
