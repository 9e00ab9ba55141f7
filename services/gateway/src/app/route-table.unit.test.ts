import { Actions, Resources } from '@hcts/contracts';
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
        '/api/auth/*',
      ]),
    );
  });
});
