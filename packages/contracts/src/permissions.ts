import type { Role } from './roles.ts';

export const Resources = Object.freeze({
  auditLogs: 'auditLogs',
  securityEvents: 'securityEvents',
  userData: 'userData',
  system: 'system',
  ownData: 'ownData',
  services: 'services',
  transactions: 'transactions',
  certificates: 'certificates',
  marketplace: 'marketplace',
  payments: 'payments',
} as const);
export type Resource = (typeof Resources)[keyof typeof Resources];

export const Actions = Object.freeze({
  read: 'read',
  create: 'create',
  update: 'update',
  delete: 'delete',
} as const);
export type Action = (typeof Actions)[keyof typeof Actions];

/**
 * `all`: any object of the resource; `own`: only objects of the caller's organization (for
 * transactions: what it bought, sold or brokered); absent: denied. Deny by default.
 */
export type Scope = 'all' | 'own';
type Grants = Partial<Record<Resource, Partial<Record<Action, Scope>>>>;

const everything = { read: 'all', create: 'all', update: 'all', delete: 'all' } as const;
const ownProfile = {
  ownData: { read: 'own', update: 'own' },
  userData: { read: 'own', update: 'own' },
} as const;

export const permissionMatrix: Readonly<Record<Role, Grants>> = Object.freeze({
  admin: {
    auditLogs: { read: 'all' },
    securityEvents: everything,
    userData: everything,
    system: everything,
    ownData: everything,
    services: everything,
    transactions: everything,
    certificates: everything,
    marketplace: { read: 'all' },
    payments: everything,
  },
  provider: {
    ...ownProfile,
    services: { read: 'own', create: 'own', update: 'own', delete: 'own' },
    transactions: { read: 'own' },
    certificates: { read: 'own' },
    marketplace: { read: 'all' },
    payments: { read: 'own' },
  },
  insurer: {
    ...ownProfile,
    transactions: { read: 'own', create: 'own', update: 'own' },
    certificates: { read: 'own' },
    marketplace: { read: 'all' },
    payments: { read: 'own', create: 'own' },
  },
  intermediary: {
    ...ownProfile,
    transactions: { read: 'own', create: 'own', update: 'own' },
    certificates: { read: 'own' },
    marketplace: { read: 'all' },
    payments: { read: 'own', create: 'own' },
  },
});

/** The scope a role has for an action on a resource, or undefined when it is denied. */
export function scopeOf(role: Role, resource: Resource, action: Action): Scope | undefined {
  return permissionMatrix[role]?.[resource]?.[action];
}
