import { z } from 'zod';
import { defineEvent } from '../define-event.ts';
import { Currency, EntityId, ForeignId, MinorUnits, Timestamp } from '../primitives.ts';

const PaymentRef = {
  paymentIntentId: EntityId,
  transactionId: EntityId,
  gateway: z.string().min(1).max(40),
  amountMinor: MinorUnits,
  currency: Currency,
};

export const PaymentAuthorized = defineEvent({
  context: 'payments',
  name: 'payment-authorized',
  version: 1,
  schema: z.strictObject({ ...PaymentRef, authorizedAt: Timestamp }),
  subjectOf: (d) => d.transactionId,
  description: 'The gateway holds the money; the ledger records a pending transfer.',
});

export const PaymentCaptured = defineEvent({
  context: 'payments',
  name: 'payment-captured',
  version: 1,
  schema: z.strictObject({ ...PaymentRef, capturedAt: Timestamp }),
  subjectOf: (d) => d.transactionId,
  description: 'The authorized money was captured and posted to the ledger.',
});

export const PaymentFailed = defineEvent({
  context: 'payments',
  name: 'payment-failed',
  version: 1,
  schema: z.strictObject({
    ...PaymentRef,
    code: z.string().min(1).max(100),
    reason: z.string().min(1).max(500),
    failedAt: Timestamp,
  }),
  subjectOf: (d) => d.transactionId,
  description: 'The gateway declined or failed the payment; no money moved.',
});

export const PaymentRefunded = defineEvent({
  context: 'payments',
  name: 'payment-refunded',
  version: 1,
  schema: z.strictObject({
    ...PaymentRef,
    refundId: EntityId,
    refundedTotalMinor: MinorUnits,
    refundedAt: Timestamp,
  }),
  subjectOf: (d) => d.transactionId,
  description: 'Money went back to the buyer; the ledger reversed the split proportionally.',
});

export const CommissionSettled = defineEvent({
  context: 'payments',
  name: 'commission-settled',
  version: 1,
  schema: z.strictObject({
    transactionId: EntityId,
    ledgerEntryId: EntityId,
    currency: Currency,
    grossMinor: MinorUnits,
    providerOrganizationId: ForeignId,
    providerPayableMinor: MinorUnits,
    platformFeeMinor: MinorUnits,
    intermediaryOrganizationId: ForeignId.nullable(),
    intermediaryCommissionMinor: MinorUnits,
    settledAt: Timestamp,
  }),
  subjectOf: (d) => d.transactionId,
  description: 'A captured payment was split into provider payable, platform fee and commission.',
});

export const paymentsEvents = [
  PaymentAuthorized,
  PaymentCaptured,
  PaymentFailed,
  PaymentRefunded,
  CommissionSettled,
] as const;
