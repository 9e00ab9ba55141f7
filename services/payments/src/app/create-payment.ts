import { uuidv7 } from 'uuidv7';
import { createIntent, type PaymentIntent } from '../domain/payment-intent.ts';
import type { Split } from '../domain/split.ts';
import type { GatewayRegistry } from './gateway-registry.ts';
import type { PaymentsUnit } from './ports/payments-store.ts';

export interface NewPayment {
  transactionId: string;
  buyerOrganizationId: string;
  providerOrganizationId: string;
  intermediaryOrganizationId: string | null;
  currency: string;
  split: Split;
  createdByUserId: string | null;
}

/**
 * One payment intent per transaction: a second request for the same transaction finds the
 * first (`created` false). The intent starts with the buyer's first gateway; authorization
 * happens after commit, so that a webhook can always find the intent it is about.
 */
export async function createPayment(
  unit: PaymentsUnit,
  registry: GatewayRegistry,
  input: NewPayment,
): Promise<{ intent: PaymentIntent; created: boolean }> {
  const order = registry.orderFor(await unit.routingOf(input.buyerOrganizationId));
  const intent = createIntent({
    id: uuidv7(),
    transactionId: input.transactionId,
    buyerOrganizationId: input.buyerOrganizationId,
    providerOrganizationId: input.providerOrganizationId,
    intermediaryOrganizationId: input.intermediaryOrganizationId,
    currency: input.currency,
    split: input.split,
    gateway: order[0] ?? 'none',
  });

  if (await unit.insertIntent(intent, input.createdByUserId)) return { intent, created: true };
  const existing = await unit.lockIntent({ transactionId: input.transactionId });
  return { intent: existing!.intent, created: false };
}
