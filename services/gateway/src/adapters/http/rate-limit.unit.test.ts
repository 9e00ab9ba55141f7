import { describe, expect, it } from 'vitest';
import { routeTable } from '../../app/route-table.ts';
import { limitChecks, routeLimit } from './rate-limit.ts';

const entry = (method: string, path: string) => {
  const found = routeTable.find((r) => r.method === method && r.path === path);
  if (!found) throw new Error(`no route ${method} ${path}`);
  return found;
};

describe('routeLimit', () => {
  const verify = entry('GET', '/api/certificates/verify/:code');
  const checkpoint = entry('GET', '/api/certificates/log/checkpoint');
  const signIn = entry('POST', '/api/auth/*');

  it("uses the route table's limits when nothing is configured", () => {
    expect(routeLimit(verify, {})).toBe(60);
    expect(routeLimit(signIn, {})).toBe(120);
  });

  it('replaces the verify limit only on the verify route', () => {
    const limits = { verifyAddressPerMinute: 600 };

    expect(routeLimit(verify, limits)).toBe(600);
    expect(routeLimit(checkpoint, limits)).toBe(60);
    expect(routeLimit(signIn, limits)).toBe(120);
  });

  it('replaces the auth POST limit only on auth POSTs', () => {
    const limits = { authPostAddressPerMinute: 5_000 };

    expect(routeLimit(signIn, limits)).toBe(5_000);
    expect(routeLimit(verify, limits)).toBe(60);
  });
});

describe('limitChecks', () => {
  const limits = { perMinute: 600, addressPerMinute: 1_200 };
  const member = { userId: 'user-1' } as Parameters<typeof limitChecks>[3];

  it('counts an ordinary route against the general address limit and the user', () => {
    const checks = limitChecks(entry('GET', '/api/services'), limits, '10.0.0.1', member);

    expect(checks.map(([name, , rule]) => [name, rule.max])).toEqual([
      ['address', 1_200],
      ['user', 600],
    ]);
  });

  it('counts a route with its own address limit against that one alone', () => {
    const webhook = entry('POST', '/api/payments/webhook/:gateway');
    const verify = entry('GET', '/api/certificates/verify/:code');

    const forWebhook = limitChecks(webhook, limits, '10.0.0.1', undefined);
    const forVerify = limitChecks(verify, limits, '10.0.0.1', undefined);

    expect(forWebhook.map(([name, , rule]) => [name, rule.max])).toEqual([['route', 60_000]]);
    expect(forVerify.map(([name, , rule]) => [name, rule.max])).toEqual([['route', 60]]);
  });
});
