import type { FrozenQuote } from '@hcts/contracts';
import { PaymentError } from '../domain/errors.ts';
import { assertKnownCurrency } from '../domain/money.ts';
import type { PaymentIntent } from '../domain/payment-intent.ts';
import { splitFromQuote } from '../domain/split.ts';
import { createPayment } from './create-payment.ts';
import type { GatewayRegistry } from './gateway-registry.ts';
import type { PaymentsUnit } from './ports/payments-store.ts';

/** What trading's TransactionInitiated tells payments: the parties and the frozen quote. */
export interface InitiatedTransaction {
  transactionId: string;
  buyerOrganizationId: string;
  providerOrganizationId: string;
  intermediaryOrganizationId: string | null;
  quote: Pick<
    FrozenQuote,
    | 'currency'
    | 'totalMinor'
    | 'platformFeeBps'
    | 'platformFeeMinor'
    | 'commissionBps'
    | 'commissionMinor'
  >;
}

/**
 * The only way a payment intent comes to exist: trading initiated the transaction, so its
 * parties, currency and split are the frozen quote's, never a caller's. A redelivered event
 * finds the intent it made; an intent that disagrees with the event (which only a foreign
 * producer could cause) is refused, so the bus dead-letters it and no money moves on it.
 */
export async function openPayment(
  unit: PaymentsUnit,
  registry: GatewayRegistry,
  transaction: InitiatedTransaction,
  createdByUserId: string | null,
): Promise<{ intent: PaymentIntent; created: boolean }> {
  assertKnownCurrency(transaction.quote.currency);
  const hasIntermediary = transaction.intermediaryOrganizationId !== null;
  const split = splitFromQuote(transaction.quote, hasIntermediary);

  const result = await createPayment(unit, registry, {
    transactionId: transaction.transactionId,
    buyerOrganizationId: transaction.buyerOrganizationId,
    providerOrganizationId: transaction.providerOrganizationId,
    intermediaryOrganizationId: transaction.intermediaryOrganizationId,
    currency: transaction.quote.currency,
    split,
    createdByUserId,
  });
  if (!result.created && !agrees(result.intent, transaction)) {
    throw new PaymentError('PAYMENTS_INTENT_DISAGREES', {
      transactionId: transaction.transactionId,
    });
  }
  return result;
}

function agrees(intent: PaymentIntent, t: InitiatedTransaction): boolean {
  const s = intent.split;
  return (
    intent.buyerOrganizationId === t.buyerOrganizationId &&
    intent.providerOrganizationId === t.providerOrganizationId &&
    intent.intermediaryOrganizationId === t.intermediaryOrganizationId &&
    intent.currency === t.quote.currency &&
    s.grossMinor === t.quote.totalMinor &&
    s.platformFeeMinor === t.quote.platformFeeMinor &&
    s.commissionMinor === t.quote.commissionMinor
  );
}
