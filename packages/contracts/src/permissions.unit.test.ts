import { describe, expect, it } from 'vitest';
import type { Action, Resource } from './permissions.ts';
import { Actions, permissionMatrix, Resources, scopeOf } from './permissions.ts';
import type { Role } from './roles.ts';
import { roleList } from './roles.ts';

const resources = Object.values(Resources);
const actions = Object.values(Actions);

function granted(role: Role): string[] {
  return resources.flatMap((resource) =>
    actions
      .filter((action) => scopeOf(role, resource, action) !== undefined)
      .map((action) => `${resource}:${action}:${scopeOf(role, resource, action)}`),
  );
}

describe('permission matrix', () => {
  it('denies by default: what a role is not granted is undefined', () => {
    expect(scopeOf('provider', 'auditLogs', 'read')).toBeUndefined();
    expect(scopeOf('insurer', 'services', 'create')).toBeUndefined();
    expect(scopeOf('intermediary', 'system', 'read')).toBeUndefined();
    expect(scopeOf('admin', 'auditLogs', 'delete')).toBeUndefined();
  });

  it('denies an unknown role, resource or action', () => {
    expect(scopeOf('guest' as Role, 'marketplace', 'read')).toBeUndefined();
    expect(scopeOf('admin', 'bankVault' as Resource, 'read')).toBeUndefined();
    expect(scopeOf('admin', 'services', 'approve' as Action)).toBeUndefined();
  });

  it('keeps the audit log append-only: nobody may change or delete it', () => {
    for (const role of roleList) {
      for (const action of ['create', 'update', 'delete'] as const) {
        expect(scopeOf(role, 'auditLogs', action), `${role} ${action}`).toBeUndefined();
      }
    }
  });

  it('limits every non-admin grant to own objects, except browsing the marketplace', () => {
    for (const role of roleList.filter((r) => r !== 'admin')) {
      const wide = granted(role).filter((g) => g.endsWith(':all'));
      expect(wide, role).toEqual(['marketplace:read:all']);
    }
  });

  it('gives exactly the grants of the design, role by role', () => {
    expect(granted('provider')).toEqual([
      'userData:read:own',
      'userData:update:own',
      'ownData:read:own',
      'ownData:update:own',
      'services:read:own',
      'services:create:own',
      'services:update:own',
      'services:delete:own',
      'transactions:read:own',
      'certificates:read:own',
      'marketplace:read:all',
      'payments:read:own',
    ]);
    expect(granted('insurer')).toEqual(granted('intermediary'));
    expect(granted('insurer')).toEqual([
      'userData:read:own',
      'userData:update:own',
      'ownData:read:own',
      'ownData:update:own',
      'transactions:read:own',
      'transactions:create:own',
      'transactions:update:own',
      'certificates:read:own',
      'marketplace:read:all',
      'payments:read:own',
      'payments:create:own',
    ]);
  });

  it('is frozen, so no code can grant at run time', () => {
    expect(Object.isFrozen(permissionMatrix)).toBe(true);
  });
});
