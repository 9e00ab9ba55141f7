import { SecurityEventData } from '@hcts/contracts';
import { uuidv7 } from 'uuidv7';
import { describe, expect, it } from 'vitest';
import type { SecurityEvent } from './ports.ts';
import { SecurityEventTypes } from './ports.ts';
import { addressDigest, securityEventData } from './security-event-data.ts';

const salt = 'a-salt-for-these-tests';
const address = '203.0.113.7';
const account = 'acct:0123456789abcdef0123456789abcdef';

const dataOf = (event: SecurityEvent) =>
  SecurityEventData.parse(securityEventData(event, { id: uuidv7(), occurredAt: new Date(), salt }));

describe('securityEventData', () => {
  it('sends an account lockout with the account digest and no address', () => {
    const data = dataOf({
      type: SecurityEventTypes.lockout,
      subject: account,
      address,
      details: { dimension: 'account', seconds: 900 },
    });

    expect(data).toMatchObject({
      kind: 'account-locked',
      severity: 'high',
      count: 1,
      subject: { type: 'account', id: '0123456789abcdef0123456789abcdef' },
      sourceDigest: addressDigest(salt, address),
      route: 'POST /api/auth/sign-in/email',
      details: { dimension: 'account', seconds: 900 },
    });
    expect(JSON.stringify(data)).not.toContain(address);
  });

  it('sends an address lockout keyed by the digest of the address', () => {
    const data = dataOf({
      type: SecurityEventTypes.lockout,
      subject: `addr:${address}`,
      address,
      details: { dimension: 'address', seconds: 900 },
    });

    expect(data.kind).toBe('address-locked');
    expect(data.subject).toEqual({ type: 'address', id: addressDigest(salt, address) });
    expect(JSON.stringify(data)).not.toContain(address);
  });

  it('names the user or the API key a rate-limit breach is about, with its route', () => {
    const byUser = dataOf({
      type: SecurityEventTypes.rateLimited,
      subject: 'user-1',
      address,
      details: { limit: 'user', route: 'GET /api/cart' },
      count: 41,
    });
    const byKey = dataOf({
      type: SecurityEventTypes.rateLimited,
      subject: 'key-1',
      address,
      details: { limit: 'api-key', route: 'GET /api/cart' },
    });

    expect(byUser).toMatchObject({
      kind: 'rate-limit-exceeded',
      subject: { type: 'user', id: 'user-1' },
      actorUserId: 'user-1',
      route: 'GET /api/cart',
      count: 41,
      details: { limit: 'user' },
    });
    expect(byKey).toMatchObject({ subject: { type: 'api-key', id: 'key-1' }, actorUserId: null });
  });

  it('keeps details within the contract: short scalars under well-formed keys', () => {
    const data = dataOf({
      type: SecurityEventTypes.tokenRefused,
      address,
      details: { reason: `x${'\ud83d\ude00'.repeat(150)}`, 'Bad Key': 'dropped' },
    });

    expect(data.subject).toEqual({ type: 'address', id: addressDigest(salt, address) });
    expect(Object.keys(data.details)).toEqual(['reason']);
    expect(String(data.details.reason).length).toBeLessThanOrEqual(200);
  });

  it('sends a failed passkey sign-in with its route and method, under the account when known', () => {
    const details = {
      method: 'passkey',
      route: 'POST /api/auth/passkey/verify-authentication',
      reason: 'AUTHENTICATION_FAILED',
    };
    const known = dataOf({
      type: SecurityEventTypes.loginFailed,
      subject: account,
      address,
      details,
    });
    const unknown = dataOf({ type: SecurityEventTypes.loginFailed, address, details });

    expect(known).toMatchObject({
      kind: 'sign-in-failed',
      subject: { type: 'account', id: '0123456789abcdef0123456789abcdef' },
      actorUserId: null,
      route: 'POST /api/auth/passkey/verify-authentication',
      details: { method: 'passkey', reason: 'AUTHENTICATION_FAILED' },
    });
    expect(unknown.subject).toEqual({ type: 'address', id: addressDigest(salt, address) });
    expect(unknown.route).toBe(known.route);
  });

  it('digests one address alike under one salt and differently under another', () => {
    expect(addressDigest(salt, address)).toBe(addressDigest(salt, address));
    expect(addressDigest('another-salt-value', address)).not.toBe(addressDigest(salt, address));
    expect(addressDigest(salt, address)).toMatch(/^[0-9a-f]{32}$/);
  });
});
