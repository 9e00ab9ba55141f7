import { createHmac } from 'node:crypto';
import type { SecurityEventData, SecurityEventKind, SecuritySeverity } from '@hcts/contracts';
import type { SecurityEvent } from './ports.ts';
import { SecurityEventTypes } from './ports.ts';

const kindOf = {
  [SecurityEventTypes.loginFailed]: 'sign-in-failed',
  [SecurityEventTypes.lockout]: 'account-locked',
  [SecurityEventTypes.unlock]: 'account-unlocked',
  [SecurityEventTypes.totpReplay]: 'second-factor-replayed',
  [SecurityEventTypes.rateLimited]: 'rate-limit-exceeded',
  [SecurityEventTypes.forbidden]: 'access-forbidden',
  [SecurityEventTypes.tokenRefused]: 'token-rejected',
} as const satisfies Record<SecurityEvent['type'], SecurityEventKind>;

const severityOf: Record<SecurityEventKind, SecuritySeverity> = {
  'sign-in-failed': 'low',
  'account-locked': 'high',
  'address-locked': 'high',
  'account-unlocked': 'low',
  'second-factor-replayed': 'high',
  'rate-limit-exceeded': 'medium',
  'access-forbidden': 'medium',
  'token-rejected': 'medium',
  'webhook-signature-invalid': 'high',
};

// The routes of Better Auth's hooks, which record without a route of their own.
const signInRoute = 'POST /api/auth/sign-in/email';
const totpRoute = 'POST /api/auth/two-factor/verify-totp';

export interface Recorded {
  id: string;
  occurredAt: Date;
  /** Key of the digests of addresses, so that equal digests mean the same address. */
  salt: string;
}

/**
 * The gateway's own record of a security event as the contract's data for the bus. Every
 * service reads the bus: an address leaves only as a salted digest, an account only as the
 * digest of its email the gateway already keys it by, and details only as short scalars.
 */
export function securityEventData(event: SecurityEvent, recorded: Recorded): SecurityEventData {
  const { route, ...rest } = event.details ?? {};
  const kind = kindFor(event);
  const digest = (value: string) => addressDigest(recorded.salt, value);

  return {
    securityEventId: recorded.id,
    kind,
    severity: severityOf[kind],
    occurredAt: recorded.occurredAt.toISOString(),
    count: event.count ?? 1,
    subject: subjectOf(event, digest),
    actorUserId: actorOf(event),
    actorOrganizationId: null,
    sourceDigest: event.address ? digest(event.address) : null,
    route: typeof route === 'string' ? storable(route) : routeOf(event),
    details: boundedDetails(rest),
  };
}

/** An HMAC of a network address, 128 bits in hex: comparable, not reversible without the key. */
export function addressDigest(salt: string, address: string): string {
  return createHmac('sha256', salt).update(address).digest('hex').slice(0, 32);
}

function kindFor(event: SecurityEvent): SecurityEventKind {
  const byAddress = event.details?.dimension === 'address';
  return event.type === SecurityEventTypes.lockout && byAddress
    ? 'address-locked'
    : kindOf[event.type];
}

function subjectOf(
  event: SecurityEvent,
  digest: (value: string) => string,
): SecurityEventData['subject'] {
  const subject = event.subject;
  if (subject?.startsWith('acct:')) return { type: 'account', id: subject.slice(5) };
  if (subject?.startsWith('addr:')) return { type: 'address', id: digest(subject.slice(5)) };
  if (subject && event.details?.limit === 'api-key') return { type: 'api-key', id: subject };
  if (subject) return { type: 'user', id: subject.slice(0, 100) };
  return { type: 'address', id: digest(event.address ?? 'unknown') };
}

function actorOf(event: SecurityEvent): string | null {
  const subject = event.subject;
  if (!subject || subject.startsWith('acct:') || subject.startsWith('addr:')) return null;
  return event.details?.limit === 'api-key' ? null : subject.slice(0, 100);
}

function routeOf(event: SecurityEvent): string | null {
  if (event.type === SecurityEventTypes.totpReplay) return totpRoute;
  const fromSignIn: readonly string[] = [
    SecurityEventTypes.loginFailed,
    SecurityEventTypes.lockout,
    SecurityEventTypes.unlock,
  ];
  return fromSignIn.includes(event.type) ? signInRoute : null;
}

const detailKey = /^[a-z][a-zA-Z0-9-]{0,39}$/;

function boundedDetails(details: Record<string, string | number | boolean>) {
  const kept = Object.entries(details)
    .filter(([key]) => detailKey.test(key))
    .slice(0, 12)
    .map(([key, value]) => [key, typeof value === 'string' ? storable(value) : value]);
  return Object.fromEntries(kept) as SecurityEventData['details'];
}

// Cut to the contract's bound without leaving half a surrogate pair or a NUL behind.
function storable(value: string): string {
  return value.replaceAll('\u0000', '').slice(0, 200).toWellFormed();
}
