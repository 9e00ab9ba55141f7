import { z } from 'zod';
import { defineEvent } from '../define-event.ts';
import {
  BasisPoints,
  Currency,
  EntityId,
  ForeignId,
  Indication,
  MinorUnits,
  ProcedureCode,
  Timestamp,
} from '../primitives.ts';

export const FrozenRule = z.strictObject({ ruleId: EntityId, version: z.int().min(1) });

/** One priced line of a quote, frozen: later catalog changes do not touch it. */
export const QuoteLine = z.strictObject({
  serviceId: EntityId,
  serviceVersion: z.int().min(1),
  name: z.string().min(1).max(300),
  procedureCode: ProcedureCode,
  indications: z.array(Indication).max(50),
  quantity: z.int().min(1).max(10_000),
  unitPriceMinor: MinorUnits,
  lineTotalMinor: MinorUnits,
  priceListId: EntityId.nullable(),
  appliedRules: z.array(FrozenRule).max(100),
  components: z
    .array(z.strictObject({ serviceId: EntityId, quantity: z.int().min(1), shareBps: BasisPoints }))
    .max(50),
});
export type QuoteLine = z.infer<typeof QuoteLine>;

/** What a quote freezes: prices, rules, fee and commission rates and their amounts. */
export const FrozenQuote = z.strictObject({
  quoteId: EntityId,
  currency: Currency,
  lines: z.array(QuoteLine).min(1).max(100),
  subtotalMinor: MinorUnits,
  platformFeeBps: BasisPoints,
  platformFeeMinor: MinorUnits,
  commissionBps: BasisPoints,
  commissionMinor: MinorUnits,
  totalMinor: MinorUnits,
  expiresAt: Timestamp,
});
export type FrozenQuote = z.infer<typeof FrozenQuote>;

const Parties = {
  transactionId: EntityId,
  buyerOrganizationId: ForeignId,
  providerOrganizationId: ForeignId,
  intermediaryOrganizationId: ForeignId.nullable(),
};

export const TransactionInitiated = defineEvent({
  context: 'trading',
  name: 'transaction-initiated',
  version: 1,
  schema: z.strictObject({ ...Parties, quote: FrozenQuote, initiatedAt: Timestamp }),
  subjectOf: (d) => d.transactionId,
  description: 'A buyer initiated a purchase at a frozen quote; payment is to be authorized.',
});

export const TransactionAuthorized = defineEvent({
  context: 'trading',
  name: 'transaction-authorized',
  version: 1,
  schema: z.strictObject({
    transactionId: EntityId,
    paymentIntentId: EntityId,
    amountMinor: MinorUnits,
    currency: Currency,
    authorizedAt: Timestamp,
  }),
  subjectOf: (d) => d.transactionId,
  description: 'The payment of a transaction is authorized; the buyer can now complete it.',
});

export const TransactionCompleted = defineEvent({
  context: 'trading',
  name: 'transaction-completed',
  version: 1,
  schema: z.strictObject({ ...Parties, quote: FrozenQuote, completedAt: Timestamp }),
  subjectOf: (d) => d.transactionId,
  description: 'The buyer confirmed delivery: capture the payment and issue the certificate.',
});

export const TransactionCancelled = defineEvent({
  context: 'trading',
  name: 'transaction-cancelled',
  version: 1,
  schema: z.strictObject({
    transactionId: EntityId,
    reason: z.string().min(1).max(500),
    cancelledAt: Timestamp,
  }),
  subjectOf: (d) => d.transactionId,
  description: 'The transaction was cancelled before completion; any authorization is voided.',
});

export const TransactionRefunded = defineEvent({
  context: 'trading',
  name: 'transaction-refunded',
  version: 1,
  schema: z.strictObject({
    transactionId: EntityId,
    refundId: EntityId,
    amountMinor: MinorUnits,
    currency: Currency,
    refundedTotalMinor: MinorUnits,
    fullyRefunded: z.boolean(),
    reason: z.string().min(1).max(500),
    refundedAt: Timestamp,
  }),
  subjectOf: (d) => d.transactionId,
  description: 'Money went back to the buyer, partially or fully, at the frozen rates.',
});

export const TransactionFailed = defineEvent({
  context: 'trading',
  name: 'transaction-failed',
  version: 1,
  schema: z.strictObject({
    transactionId: EntityId,
    code: z.string().min(1).max(100),
    reason: z.string().min(1).max(500),
    failedAt: Timestamp,
  }),
  subjectOf: (d) => d.transactionId,
  description: 'The transaction cannot go on, e.g. the payment was declined.',
});

export const tradingEvents = [
  TransactionInitiated,
  TransactionAuthorized,
  TransactionCompleted,
  TransactionCancelled,
  TransactionRefunded,
  TransactionFailed,
] as const;
