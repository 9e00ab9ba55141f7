import { describe, expect, it } from 'vitest';
import type { Caller } from './authorize.ts';
import { authorize } from './authorize.ts';

const insurer: Caller = {
  userId: 'u1',
  organizationId: 'o1',
  role: 'insurer',
  organizationStatus: 'verified',
  via: 'session',
  scopes: null,
  secondFactorMissing: false,
};

describe('authorize', () => {
  it('lets anyone through a public route', () => {
    expect(authorize({ kind: 'public' }, undefined, {})).toMatchObject({ allowed: true });
  });

  it('asks an anonymous caller to authenticate', () => {
    const decision = authorize(
      { kind: 'member', resource: 'transactions', action: 'read' },
      undefined,
      {},
    );
    expect(decision).toMatchObject({ allowed: false, error: { code: 'GATEWAY_UNAUTHENTICATED' } });
  });

  it('denies what the matrix does not grant', () => {
    const decision = authorize(
      { kind: 'member', resource: 'auditLogs', action: 'read' },
      insurer,
      {},
    );
    expect(decision).toMatchObject({ allowed: false, error: { code: 'GATEWAY_FORBIDDEN' } });
  });

  it('keeps a pending organization from trading but lets it read', () => {
    const pending = { ...insurer, organizationStatus: 'pending' as const };
    const trade = {
      kind: 'member' as const,
      resource: 'transactions' as const,
      action: 'create' as const,
      trade: true,
    };
    expect(authorize(trade, pending, {})).toMatchObject({
      allowed: false,
      error: { code: 'GATEWAY_ORGANIZATION_NOT_VERIFIED' },
    });
    expect(authorize({ ...trade, action: 'read', trade: false }, pending, {})).toMatchObject({
      allowed: true,
    });
  });

  it('limits an API key to its scopes', () => {
    const key = { ...insurer, via: 'api-key' as const, scopes: ['transactions:read'] };
    const create = {
      kind: 'member' as const,
      resource: 'transactions' as const,
      action: 'create' as const,
    };
    expect(authorize(create, key, {})).toMatchObject({ error: { code: 'GATEWAY_SCOPE_MISSING' } });
    expect(authorize({ ...create, action: 'read' }, key, {})).toMatchObject({ allowed: true });
  });

  it("refuses another organization's object named in the path", () => {
    const access = {
      kind: 'member' as const,
      resource: 'payments' as const,
      action: 'read' as const,
      owner: { param: 'orgId', of: 'organization' as const },
    };
    expect(authorize(access, insurer, { orgId: 'o2' })).toMatchObject({
      error: { code: 'GATEWAY_NOT_OWNER' },
    });
    expect(authorize(access, { ...insurer, role: 'admin' }, { orgId: 'o2' })).toMatchObject({
      allowed: true,
      scope: 'all',
    });
  });

  it('asks for a second factor before anything else when one is required', () => {
    const decision = authorize(
      { kind: 'member', resource: 'transactions', action: 'read' },
      { ...insurer, secondFactorMissing: true },
      {},
    );
    expect(decision).toMatchObject({ error: { code: 'GATEWAY_SECOND_FACTOR_REQUIRED' } });
  });
});
