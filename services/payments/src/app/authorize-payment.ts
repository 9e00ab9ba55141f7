import type { Logger } from 'pino';
import { fail, type PaymentIntent, submit } from '../domain/payment-intent.ts';
import { applyOutcomes, systemCause } from './apply-outcomes.ts';
import type { GatewayRegistry } from './gateway-registry.ts';
import { GatewayRefused, GatewayUnavailable } from './ports/payment-gateway.ts';
import type { PaymentsStore, PaymentsUnit } from './ports/payments-store.ts';
import { reconcile } from './reconcile.ts';

export interface AuthorizeDeps {
  store: PaymentsStore;
  registry: GatewayRegistry;
  log: Logger;
}

/**
 * Sends a new intent to its gateways in the buyer's order, under the intent's row lock (a
 * webhook about it waits until this commits). A gateway that surely did not take the request
 * is skipped for the next one: no money has moved. One that may have taken it (timeout) is
 * the only one tried again, with the same idempotency key, so the buyer is never charged
 * twice. When every gateway is down, the payment fails.
 * Known limit: an outage of every gateway fails the purchase at once rather than retrying
 * for a while; a retry budget per intent (attempts with a next-try time) would lift it.
 */
export async function authorizePayment(deps: AuthorizeDeps, intentId: string) {
  return deps.store.unit(async (unit) => {
    const record = await unit.lockIntent({ id: intentId });
    if (record?.intent.status !== 'requires_action') return record?.intent;
    const intent = record.intent;

    const attempts = await unit.attempts(intent.id);
    const uncertain = attempts.find((a) => a.outcome === 'unknown')?.gateway;
    const order = uncertain
      ? [uncertain]
      : deps.registry.orderFor(await unit.routingOf(intent.buyerOrganizationId));

    for (const name of order) {
      const result = await attempt(deps, unit, intent, name);
      if (result !== 'next') return result;
    }
    deps.log.warn({ paymentIntentId: intent.id }, 'no gateway available');
    const failed = fail(intent, 'gateway_unavailable', 'no configured gateway could take it');
    return applyOutcomes(unit, intent, [failed], systemCause);
  });
}

async function attempt(
  deps: AuthorizeDeps,
  unit: PaymentsUnit,
  intent: PaymentIntent,
  name: string,
): Promise<PaymentIntent | 'next'> {
  const gateway = deps.registry.get(name);
  try {
    const state = await gateway.authorize({
      reference: intent.id,
      amountMinor: intent.split.grossMinor,
      currency: intent.currency,
      idempotencyKey: `${intent.id}:authorize:${name}`,
    });
    await unit.recordAttempt(intent.id, name, 'accepted', state.gatewayPaymentId);
    const submitted = submit(intent, name, state.gatewayPaymentId);
    const outcomes = [submitted, ...reconcile(submitted.intent, state, [])];
    return await applyOutcomes(unit, intent, outcomes, systemCause);
  } catch (error) {
    if (error instanceof GatewayUnavailable) {
      await unit.recordAttempt(intent.id, name, error.taken ? 'unknown' : 'unavailable', null);
      deps.log.warn(
        { paymentIntentId: intent.id, gateway: name, taken: error.taken },
        'gateway unavailable',
      );
      return error.taken ? intent : 'next';
    }
    if (error instanceof GatewayRefused) {
      await unit.recordAttempt(intent.id, name, 'refused', null);
      const failed = fail(intent, 'gateway_refused', `the gateway answered ${error.status}`);
      return applyOutcomes(unit, intent, [failed], systemCause);
    }
    throw error;
  }
}
