import { uuidv7 } from 'uuidv7';
import { describe, expect, it } from 'vitest';
import {
  IdentitySecurityEventRecorded,
  PaymentsSecurityEventRecorded,
  SecurityEventData,
} from './security.ts';

const anEvent = (): SecurityEventData => ({
  securityEventId: uuidv7(),
  kind: 'account-locked',
  severity: 'high',
  occurredAt: '2026-12-04T19:00:00.000Z',
  count: 1,
  subject: { type: 'account', id: 'acct:0123456789abcdef0123456789abcdef' },
  actorUserId: null,
  actorOrganizationId: null,
  sourceDigest: '0123456789abcdef0123456789abcdef',
  route: 'POST /api/auth/sign-in/email',
  details: { dimension: 'account', seconds: 900 },
});

describe('SecurityEventData', () => {
  it('accepts a complete event', () => {
    const event = anEvent();

    expect(SecurityEventData.parse(event)).toEqual(event);
  });

  it('refuses a kind outside the closed set and an unknown field', () => {
    expect(SecurityEventData.safeParse({ ...anEvent(), kind: 'hacked' }).success).toBe(false);
    expect(SecurityEventData.safeParse({ ...anEvent(), email: 'a@b.c' }).success).toBe(false);
  });

  it('refuses a raw network address where a digest belongs', () => {
    const raw = { ...anEvent(), sourceDigest: '203.0.113.7' };
    const issue = SecurityEventData.safeParse(raw).error?.issues[0];

    expect(issue?.path).toEqual(['sourceDigest']);
  });

  it('bounds the details: count, key shape and value length', () => {
    const many = Object.fromEntries(Array.from({ length: 13 }, (_, i) => [`k${i}`, i]));
    const bad = (details: unknown) => SecurityEventData.safeParse({ ...anEvent(), details });

    expect(bad(many).success).toBe(false);
    expect(bad({ 'Not a key': 1 }).success).toBe(false);
    expect(bad({ note: 'x'.repeat(201) }).success).toBe(false);
    expect(bad({ nested: { a: 1 } }).success).toBe(false);
  });

  it('is one schema on two topics, keyed by subject', () => {
    expect(IdentitySecurityEventRecorded.type).toBe('hcts.identity.security-event-recorded.v1');
    expect(IdentitySecurityEventRecorded.topic).toBe('hcts.identity.v1');
    expect(PaymentsSecurityEventRecorded.type).toBe('hcts.payments.security-event-recorded.v1');
    expect(PaymentsSecurityEventRecorded.topic).toBe('hcts.payments.v1');
    expect(PaymentsSecurityEventRecorded.schema).toBe(IdentitySecurityEventRecorded.schema);
    expect(IdentitySecurityEventRecorded.subjectOf(anEvent())).toBe(
      'account:acct:0123456789abcdef0123456789abcdef',
    );
  });
});
