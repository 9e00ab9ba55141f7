import { createHash } from 'node:crypto';
import { APIError } from 'better-auth/api';
import type { Redis } from 'ioredis';
import type { SecurityEvents } from '../../app/ports.ts';
import { SecurityEventTypes } from '../../app/ports.ts';
import type { Limiter } from '../redis/limiter.ts';

export interface ThrottleDeps {
  limiter: Limiter;
  redis: Redis;
  security: SecurityEvents;
  login: { perAccount: number; perAddress: number; lockoutSeconds: number };
  /** Salt for digests of emails in keys and events, so neither holds an address. */
  secret: string;
  /** Namespace of the Redis keys. */
  prefix: string;
}

/** One failed sign-in: where it counts, and what its security events say about it. */
export interface SignInFailure {
  /** Counted toward this account's lockout too (`accountKey`); the address always counts. */
  account?: string | undefined;
  address: string;
  /** The account aimed at when the failure does not count for it (a known passkey's owner). */
  subject?: string | undefined;
  /** How and where the person tried when not with a password, on failure and lockout events. */
  method?: { name: string; route: string } | undefined;
  /** A fixed code saying why it failed, on the failure event. */
  reason?: string | undefined;
}

type Dimension = 'account' | 'address';

/**
 * Failed sign-ins counted per account and per address in Redis; at the limit the sign-in is
 * refused (429 `GATEWAY_LOGIN_LOCKED`) until the window ends. Failures, every lockout (each
 * time a window's failures reach the limit) and the unlock at the next success are security
 * events. Callers pass only failures of the credential itself, never malformed requests.
 */
export function signInThrottle(deps: ThrottleDeps) {
  const window = deps.login.lockoutSeconds;
  const rules = {
    account: { max: deps.login.perAccount, windowSeconds: window },
    address: { max: deps.login.perAddress, windowSeconds: window },
  } as const;
  const lockouts = lockoutEvents(deps);

  /** Throws while the address, or the account when given, is locked out. */
  const refuseIfLocked = async (address: string, account?: string) => {
    for (const [dimension, key] of countedKeys(account, address)) {
      // Locked once the failures reached the limit, until the window ends.
      const state = await deps.limiter.peek(key, rules[dimension], window);
      if (state.remaining === 0) throw tooManyAttempts(state.resetSeconds);
    }
  };

  const failed = async (failure: SignInFailure) => {
    const details = methodDetails(failure);
    if (failure.reason) details.reason = failure.reason;
    await deps.security.record({
      type: SecurityEventTypes.loginFailed,
      subject: failure.account ?? failure.subject,
      address: failure.address,
      ...(Object.keys(details).length > 0 && { details }),
    });

    for (const [dimension, key] of countedKeys(failure.account, failure.address)) {
      const hit = await deps.limiter.hit(key, rules[dimension], window);
      // Exactly one failure per window reaches the limit: it starts a lockout. Failures that
      // raced past the lock check count on (`allowed` false) without starting another.
      const locksNow = hit.allowed && hit.remaining === 0;
      if (locksNow) await lockouts.locked(dimension, key, failure, hit.resetSeconds);
    }
  };

  const succeeded = async (account: string, address: string) => {
    await deps.limiter.clear(account, rules.account, window);
    await lockouts.unlocked(account, address);
  };

  return { refuseIfLocked, failed, succeeded };
}
export type SignInThrottle = ReturnType<typeof signInThrottle>;

/** The key an account's failures count under: a salted digest of its email, never the email. */
export function accountKey(secret: string, email: string): string {
  return `acct:${digest(secret, email.toLowerCase())}`;
}

function lockoutEvents(deps: ThrottleDeps) {
  const markOf = (key: string) => `${deps.prefix}:locked:${key}`;

  return {
    async locked(dimension: Dimension, key: string, failure: SignInFailure, seconds: number) {
      // Remember a locked account a day, so that its next success can report the unlock. An
      // address has no success of its own: its lock simply ends with the window.
      if (dimension === 'account') await deps.redis.set(markOf(key), '1', 'EX', 86_400);
      await deps.security.record({
        type: SecurityEventTypes.lockout,
        subject: key,
        address: failure.address,
        details: { dimension, seconds, ...methodDetails(failure) },
      });
    },
    async unlocked(account: string, address: string) {
      if ((await deps.redis.del(markOf(account))) !== 1) return;
      await deps.security.record({
        type: SecurityEventTypes.unlock,
        subject: account,
        address,
        details: { dimension: 'account' },
      });
    },
  };
}

function countedKeys(account: string | undefined, address: string): [Dimension, string][] {
  const byAddress: [Dimension, string] = ['address', `addr:${address}`];
  return account ? [['account', account], byAddress] : [byAddress];
}

function methodDetails(failure: SignInFailure): Record<string, string> {
  return failure.method ? { method: failure.method.name, route: failure.method.route } : {};
}

function tooManyAttempts(retryAfterSeconds: number) {
  return new APIError(
    'TOO_MANY_REQUESTS',
    { code: 'GATEWAY_LOGIN_LOCKED', message: 'Too many failed attempts; try again later.' },
    { 'retry-after': String(retryAfterSeconds) },
  );
}

function digest(secret: string, value: string): string {
  return createHash('sha256').update(secret).update('\0').update(value).digest('hex').slice(0, 32);
}
