import type { OrganizationKind, Role } from '@hcts/contracts';

/**
 * A member's platform role follows from the kind of its organization: the operator employs
 * admins, a provider organization's members are providers, and so on. Deriving it (instead of
 * storing a free role per membership) means no invitation or role edit inside an organization
 * can make anyone a platform admin. Better Auth's own member roles (owner, admin, member) only
 * say who may manage the organization's members.
 */
export const roleOfKind: Readonly<Record<OrganizationKind, Role>> = Object.freeze({
  operator: 'admin',
  provider: 'provider',
  insurer: 'insurer',
  intermediary: 'intermediary',
});

export const OrganizationStatuses = Object.freeze({
  pending: 'pending',
  verified: 'verified',
  rejected: 'rejected',
  suspended: 'suspended',
} as const);
export type OrganizationStatus = (typeof OrganizationStatuses)[keyof typeof OrganizationStatuses];

export function isOrganizationKind(value: unknown): value is OrganizationKind {
  return typeof value === 'string' && Object.hasOwn(roleOfKind, value);
}
