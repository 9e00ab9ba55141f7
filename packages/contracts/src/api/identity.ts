import { z } from 'zod';
import { ForeignId, Timestamp } from '../primitives.ts';
import { roleList } from '../roles.ts';

/** Public request and response bodies of the gateway's own identity routes. */

const RoleValue = z.enum(roleList as [string, ...string[]]);
const KindValue = z.enum(['operator', 'provider', 'insurer', 'intermediary']);
export const OrganizationStatusValue = z.enum(['pending', 'verified', 'rejected', 'suspended']);

/** GET /api/user/role */
export const UserRoleResponse = z.strictObject({
  userId: ForeignId,
  organizationId: ForeignId.nullable(),
  role: RoleValue.nullable(),
  organizationStatus: OrganizationStatusValue.nullable(),
  via: z.enum(['session', 'access-token', 'api-key']),
});
export type UserRoleResponse = z.infer<typeof UserRoleResponse>;

/** POST /api/verification/status: the caller's organization, or any one for an admin. */
export const VerificationStatusRequest = z.strictObject({
  organizationId: ForeignId.optional(),
});

export const OrganizationVerification = z.strictObject({
  organizationId: ForeignId,
  name: z.string(),
  kind: KindValue,
  status: OrganizationStatusValue,
  createdAt: Timestamp,
});
export type OrganizationVerification = z.infer<typeof OrganizationVerification>;

/** GET /api/verification/organizations?status= (admin) */
export const VerificationListQuery = z.strictObject({
  status: OrganizationStatusValue.default('pending'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export const VerificationListResponse = z.strictObject({
  organizations: z.array(OrganizationVerification),
});

/** POST /api/verification/decisions (admin) */
export const VerificationDecisionRequest = z.strictObject({
  organizationId: ForeignId,
  status: z.enum(['verified', 'rejected', 'suspended']),
  reason: z.string().max(500).optional(),
});
export type VerificationDecisionRequest = z.infer<typeof VerificationDecisionRequest>;
