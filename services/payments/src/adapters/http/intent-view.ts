import type { IntentRecord } from '../../app/ports/payments-store.ts';

/** The public shape of a payment intent. */
export function intentView(record: IntentRecord) {
  const i = record.intent;
  return {
    id: i.id,
    transactionId: i.transactionId,
    status: i.status,
    gateway: i.gateway,
    amountMinor: i.split.grossMinor,
    currency: i.currency,
    capturedMinor: i.capturedMinor,
    refundedMinor: i.refundedMinor,
    buyerOrganizationId: i.buyerOrganizationId,
    providerOrganizationId: i.providerOrganizationId,
    intermediaryOrganizationId: i.intermediaryOrganizationId,
    split: {
      providerMinor: i.split.providerMinor,
      platformFeeMinor: i.split.platformFeeMinor,
      platformFeeBps: i.split.platformFeeBps,
      commissionMinor: i.split.commissionMinor,
      commissionBps: i.split.commissionBps,
    },
    failure: i.failure,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}
