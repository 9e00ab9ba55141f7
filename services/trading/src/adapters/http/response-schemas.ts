import { EntityId } from '@hcts/contracts';
import { z } from 'zod';

// What the routes answer, for the OpenAPI document and the response serializer. The views are
// loose objects: the serializer keeps fields these schemas do not list rather than dropping them.

const Id = z.string().min(1).max(200);
const Minor = z.int().min(0);

export const TransactionStatusSchema = z.enum([
  'quoted',
  'initiated',
  'authorized',
  'completed',
  'cancelled',
  'failed',
  'refunded',
]);

export const TransactionViewSchema = z.looseObject({
  transactionId: EntityId,
  status: TransactionStatusSchema,
  version: z.int().min(1),
  buyerOrganizationId: Id,
  providerOrganizationId: Id,
  intermediaryOrganizationId: Id.nullable(),
  quote: z.looseObject({
    quoteId: EntityId,
    currency: z.string().length(3),
    subtotalMinor: Minor,
    platformFeeBps: z.int(),
    platformFeeMinor: Minor,
    commissionBps: z.int(),
    commissionMinor: Minor,
    totalMinor: Minor,
    expiresAt: z.string(),
    lines: z.array(z.looseObject({ serviceId: EntityId, quantity: z.int() })),
  }),
  payment: z.looseObject({}).nullable(),
  capturedMinor: Minor,
  refundedMinor: Minor,
  fullyRefunded: z.boolean(),
  cancellationReason: z.string().nullable(),
  failure: z.looseObject({ code: z.string(), reason: z.string() }).nullable(),
});

export const TransactionDetailSchema = TransactionViewSchema.extend({
  history: z.array(
    z.looseObject({
      eventId: z.string(),
      version: z.int(),
      type: z.string(),
      recordedAt: z.string(),
    }),
  ),
});

/** Exact: these rows have no other fields, so the serializer drops nothing. */
export const TransactionPageSchema = z.object({
  items: z.array(
    z.object({
      transactionId: EntityId,
      status: z.string(),
      version: z.int(),
      buyerOrganizationId: Id,
      providerOrganizationId: Id,
      intermediaryOrganizationId: Id.nullable(),
      currency: z.string(),
      totalMinor: Minor,
      refundedMinor: Minor,
      updatedAt: z.string(),
    }),
  ),
  next: EntityId.nullable(),
});

export const CartSchema = z.object({
  items: z.array(
    z.object({ serviceId: EntityId, quantity: z.int().min(1), updatedAt: z.string() }),
  ),
});

const IdempotencyKey = z
  .string()
  .regex(/^[A-Za-z0-9._:-]{8,100}$/, '8 to 100 of A-Z a-z 0-9 . _ : -')
  .describe('A retry with the same key and body replays the first response');

/** Required on every `POST /api/purchase/*`: a missing or malformed key is a 400 naming it. */
export const IdempotencyKeyHeader = z.object({ 'idempotency-key': IdempotencyKey });

/** Optional on `POST /api/cart/items`: without it a retried add counts twice. */
export const OptionalIdempotencyKeyHeader = z.object({
  'idempotency-key': IdempotencyKey.optional(),
});
