import { createIntent, type PaymentIntent } from '../domain/payment-intent.ts';
import { splitFromQuote } from '../domain/split.ts';

let counter = 0;

/** A fresh intent with its own ids; amounts as a frozen quote would carry them. */
export function anIntent(
  amounts: { total?: number; fee?: number; commission?: number; intermediary?: boolean } = {},
): PaymentIntent {
  counter += 1;
  const intermediary = amounts.intermediary ?? true;
  const split = splitFromQuote(
    {
      totalMinor: amounts.total ?? 10_000,
      platformFeeBps: 250,
      platformFeeMinor: amounts.fee ?? 250,
      commissionBps: 100,
      commissionMinor: intermediary ? (amounts.commission ?? 100) : 0,
    },
    intermediary,
  );
  return createIntent({
    id: `intent-${counter}-${Math.random().toString(36).slice(2)}`,
    transactionId: `tx-${counter}`,
    buyerOrganizationId: 'buyer-org',
    providerOrganizationId: 'provider-org',
    intermediaryOrganizationId: intermediary ? 'broker-org' : null,
    currency: 'USD',
    split,
    gateway: 'sandbox',
  });
}
