import { z } from 'zod';
import { defineEvent } from '../define-event.ts';
import { EntityId, ForeignId, Text, Timestamp } from '../primitives.ts';

/** What happened, from a closed set; a new kind is a contract change that compliance reads. */
export const SecurityEventKinds = Object.freeze([
  'sign-in-failed',
  'account-locked',
  'address-locked',
  'account-unlocked',
  'second-factor-replayed',
  'rate-limit-exceeded',
  'access-forbidden',
  'token-rejected',
  'webhook-signature-invalid',
] as const);
export type SecurityEventKind = (typeof SecurityEventKinds)[number];

export const SecuritySeverities = Object.freeze(['low', 'medium', 'high'] as const);
export type SecuritySeverity = (typeof SecuritySeverities)[number];

/**
 * Who or what the event is about. `account` and `address` ids are salted digests (an email or
 * a network address never travels on the bus); `user`, `api-key` and `organization` are ids;
 * `webhook-endpoint` is the name of a payment provider's endpoint.
 */
export const SecuritySubject = z.strictObject({
  type: z.enum(['user', 'account', 'address', 'api-key', 'organization', 'webhook-endpoint']),
  id: ForeignId,
});

const Digest = z.string().regex(/^[0-9a-f]{32}$/, '32 lowercase hex digits');
const DetailKey = z.string().regex(/^[a-z][a-zA-Z0-9-]{0,39}$/, 'a short camelCase name');
const DetailValue = z.union([Text.max(200), z.number().finite(), z.boolean()]);
const maxDetails = 12;

/** The data of every security event, whichever context records it. */
export const SecurityEventData = z.strictObject({
  securityEventId: EntityId,
  kind: z.enum(SecurityEventKinds),
  severity: z.enum(SecuritySeverities),
  /** The first occurrence; `count` tells how many alike ones this record stands for. */
  occurredAt: Timestamp,
  /** Occurrences coalesced into this record (same kind, subject and source in one window). */
  count: z.int().min(1).max(1_000_000_000),
  subject: SecuritySubject,
  /** The signed-in user or API key's creator, when known. */
  actorUserId: ForeignId.nullable(),
  actorOrganizationId: ForeignId.nullable(),
  /** A salted digest of the caller's network address; equal digests mean the same address. */
  sourceDigest: Digest.nullable(),
  /** The route template (`GET /api/certificates/verify/:code`), never a concrete URL. */
  route: Text.min(1).max(200).nullable(),
  details: z
    .record(DetailKey, DetailValue)
    .refine((d) => Object.keys(d).length <= maxDetails, `at most ${maxDetails} details`),
});
export type SecurityEventData = z.infer<typeof SecurityEventData>;

const subjectKey = (d: SecurityEventData) => `${d.subject.type}:${d.subject.id}`;

export const IdentitySecurityEventRecorded = defineEvent({
  context: 'identity',
  name: 'security-event-recorded',
  version: 1,
  schema: SecurityEventData,
  subjectOf: subjectKey,
  description:
    'The gateway saw a sign-in failure, lockout, unlock, refused token or credential, ' +
    'forbidden call or rate-limit breach; compliance keeps it.',
});

export const PaymentsSecurityEventRecorded = defineEvent({
  context: 'payments',
  name: 'security-event-recorded',
  version: 1,
  schema: SecurityEventData,
  subjectOf: subjectKey,
  description:
    'Payments refused a provider webhook whose signature did not verify; compliance keeps it.',
});

export const securityEvents = [
  IdentitySecurityEventRecorded,
  PaymentsSecurityEventRecorded,
] as const;
