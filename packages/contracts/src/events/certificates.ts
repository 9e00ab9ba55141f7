import { z } from 'zod';
import { defineEvent } from '../define-event.ts';
import { EntityId, Timestamp } from '../primitives.ts';

export const CertificateIssued = defineEvent({
  context: 'certificates',
  name: 'certificate-issued',
  version: 1,
  schema: z.strictObject({
    certificateId: EntityId,
    transactionId: EntityId,
    version: z.int().min(1),
    supersedes: EntityId.nullable(),
    keyId: z.string().min(1).max(100),
    leafIndex: z.int().min(0),
    issuedAt: Timestamp,
  }),
  subjectOf: (d) => d.certificateId,
  description: 'A signed certificate was issued for a completed transaction and logged.',
});

export const CertificateRevoked = defineEvent({
  context: 'certificates',
  name: 'certificate-revoked',
  version: 1,
  schema: z.strictObject({
    certificateId: EntityId,
    transactionId: EntityId,
    reason: z.string().min(1).max(500),
    revokedAt: Timestamp,
  }),
  subjectOf: (d) => d.certificateId,
  description: 'A certificate was revoked (refund, re-issue); verification answers revoked.',
});

export const certificatesEvents = [CertificateIssued, CertificateRevoked] as const;
