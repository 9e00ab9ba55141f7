import { z } from 'zod';
import { defineEvent } from '../define-event.ts';
import { ForeignId, Timestamp } from '../primitives.ts';
import { roleList } from '../roles.ts';

const Kind = z.enum(['operator', 'provider', 'insurer', 'intermediary']);

export const OrganizationRegistered = defineEvent({
  context: 'identity',
  name: 'organization-registered',
  version: 1,
  schema: z.strictObject({
    organizationId: ForeignId,
    kind: Kind,
    name: z.string().min(1).max(200),
    registeredAt: Timestamp,
  }),
  subjectOf: (d) => d.organizationId,
  description: 'An organization signed up; it is pending until an admin verifies it.',
});

export const OrganizationVerified = defineEvent({
  context: 'identity',
  name: 'organization-verified',
  version: 1,
  schema: z.strictObject({
    organizationId: ForeignId,
    kind: Kind,
    status: z.enum(['verified', 'rejected', 'suspended']),
    decidedBy: ForeignId,
    decidedAt: Timestamp,
  }),
  subjectOf: (d) => d.organizationId,
  description: 'An admin decided on an organization; only verified organizations trade.',
});

export const UserRoleChanged = defineEvent({
  context: 'identity',
  name: 'user-role-changed',
  version: 1,
  schema: z.strictObject({
    userId: ForeignId,
    organizationId: ForeignId,
    role: z.enum(roleList as [string, ...string[]]).nullable(),
    previousRole: z.enum(roleList as [string, ...string[]]).nullable(),
    changedAt: Timestamp,
  }),
  subjectOf: (d) => d.userId,
  description: 'A membership gave, changed or removed a role (null: no longer a member).',
});

export const identityEvents = [
  OrganizationRegistered,
  OrganizationVerified,
  UserRoleChanged,
] as const;
