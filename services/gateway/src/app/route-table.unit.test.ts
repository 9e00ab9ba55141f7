import { Actions, Resources, scopeOf } from '@hcts/contracts';
import { describe, expect, it } from 'vitest';
import { routeKey, routeTable } from './route-table.ts';

describe('route table', () => {
  it('has one entry per method and path', () => {
    const keys = routeTable.map((r) => routeKey(r.method, r.path));
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('names only resources and actions of the permission matrix', () => {
    for (const route of routeTable) {
      if (route.access.kind !== 'member') continue;
      expect(Object.values(Resources)).toContain(route.access.resource);
      expect(Object.values(Actions)).toContain(route.access.action);
    }
  });

  it('covers every public prefix of every service', () => {
    const prefixes: [string, string][] = [
      ['/api/services', 'catalog'],
      ['/api/marketplace/', 'catalog'],
      ['/api/icd11/', 'catalog'],
      ['/api/cart', 'trading'],
      ['/api/purchase/', 'trading'],
      ['/api/transactions', 'trading'],
      ['/api/payments/', 'payments'],
      ['/api/certificates/', 'certificates'],
      ['/api/audit/', 'compliance'],
      ['/api/security/', 'compliance'],
      ['/api/gdpr/', 'compliance'],
      ['/api/analytics/', 'analytics'],
      ['/api/platform-stats', 'analytics'],
      ['/api/webhooks/', 'webhooks'],
    ];
    for (const [prefix, service] of prefixes) {
      const served = routeTable.filter((r) => r.path.startsWith(prefix));
      expect(served.length, prefix).toBeGreaterThan(0);
      expect(new Set(served.map((r) => r.target)), prefix).toEqual(new Set([service]));
    }
  });

  it('keeps public routes to the documented few', () => {
    const open = routeTable.filter((r) => r.access.kind === 'public').map((r) => r.path);
    expect(new Set(open)).toEqual(
      new Set([
        '/api/payments/webhook/:gateway',
        '/api/certificates/verify/:code',
        '/api/certificates/jwks.json',
        '/credentials/v1',
        '/api/certificates/status',
        '/api/certificates/log/checkpoint',
        '/api/certificates/log/consistency',
        '/api/auth/*',
      ]),
    );
  });
  it('routes what the services serve, and nothing they do not (H9 F9)', () => {
    const keys = new Set(routeTable.map((r) => routeKey(r.method, r.path)));
    for (const served of [
      'GET /api/certificates/status',
      'GET /api/certificates/log/checkpoint',
      'GET /api/certificates/log/consistency',
      'POST /api/certificates/keys/rotate',
      'GET /api/payments/balances',
      'GET /api/payments/statements/:organizationId',
      'PUT /api/payments/routing/:organizationId',
      'GET /api/marketplace/services/:id',
      'GET /api/services/price-lists',
      'POST /api/services/price-lists',
      'PUT /api/services/price-lists/:id',
      'POST /api/services/coding-assistant',
      'PUT /api/services/payer-aliases',
      'GET /api/services/provider/:providerId/price-files/:fileId',
      'GET /credentials/v1',
    ]) {
      expect(keys.has(served), served).toBe(true);
    }
    expect(keys.has('DELETE /api/cart')).toBe(false);
    expect(keys.has('DELETE /api/services/:id')).toBe(false);
    expect(keys.has('GET /api/transactions/:id/events')).toBe(false);
  });

  it('keeps key rotation and payment routing to admins', () => {
    const adminOnly = routeTable.filter(
      (r) =>
        routeKey(r.method, r.path) === 'POST /api/certificates/keys/rotate' ||
        routeKey(r.method, r.path) === 'PUT /api/payments/routing/:organizationId',
    );
    expect(adminOnly).toHaveLength(2);
    for (const route of adminOnly) {
      if (route.access.kind !== 'member') throw new Error(`${route.path} is not member-only`);
      for (const role of ['provider', 'insurer', 'intermediary'] as const) {
        expect(scopeOf(role, route.access.resource, route.access.action)).toBeUndefined();
      }
      expect(scopeOf('admin', route.access.resource, route.access.action)).toBe('all');
    }
  });
});
