/** Roles a membership gives; a closed set. */
export const Roles = Object.freeze({
  admin: 'admin',
  provider: 'provider',
  insurer: 'insurer',
  intermediary: 'intermediary',
} as const);
export type Role = (typeof Roles)[keyof typeof Roles];
export const roleList = Object.values(Roles) as readonly Role[];

/** What kind of organization a member belongs to; the platform operator employs admins. */
export const OrganizationKinds = Object.freeze({
  operator: 'operator',
  provider: 'provider',
  insurer: 'insurer',
  intermediary: 'intermediary',
} as const);
export type OrganizationKind = (typeof OrganizationKinds)[keyof typeof OrganizationKinds];
