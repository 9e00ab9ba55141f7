import { createHash } from 'node:crypto';
import { APIError, createAuthMiddleware, getSessionFromCtx, isAPIError } from 'better-auth/api';
import type { Redis } from 'ioredis';
import type { SecurityEvents } from '../../app/ports.ts';
import { SecurityEventTypes } from '../../app/ports.ts';
import type { Limiter } from '../redis/limiter.ts';

export interface HookDeps {
  limiter: Limiter;
  redis: Redis;
  security: SecurityEvents;
  login: { perAccount: number; perAddress: number; lockoutSeconds: number };
  /** Salt for digests of emails in keys and events, so neither holds an address. */
  secret: string;
  /** Namespace of the Redis keys. */
  prefix: string;
}

// The header the gateway sets from the socket address; a client's own value is dropped first.
export const clientAddressHeader = 'x-hcts-client-ip';

const signInPath = '/sign-in/email';
const totpPath = '/two-factor/verify-totp';

type HookContext = Parameters<Parameters<typeof createAuthMiddleware>[0]>[0];

/** Better Auth's before and after hooks: login throttling, TOTP replay, session hygiene. */
export function authHooks(deps: HookDeps) {
  const throttle = loginThrottle(deps);
  const replay = totpReplayGuard(deps);

  return {
    before: createAuthMiddleware(async (ctx) => {
      if (ctx.path === signInPath) await throttle.before(ctx);
      if (ctx.path === totpPath) await replay.before(ctx);

      // A password change always ends the other sessions, whatever the client asked for.
      if (ctx.path === '/change-password') {
        return { context: { body: { ...(ctx.body as object), revokeOtherSessions: true } } };
      }
    }),
    after: createAuthMiddleware(async (ctx) => {
      if (ctx.path === signInPath) await throttle.after(ctx);
      if (ctx.path === totpPath) await replay.after(ctx);
    }),
  };
}

function loginThrottle(deps: HookDeps) {
  const window = deps.login.lockoutSeconds;
  const rules = {
    account: { max: deps.login.perAccount, windowSeconds: window },
    address: { max: deps.login.perAddress, windowSeconds: window },
  } as const;

  const keysOf = (ctx: HookContext) => {
    const email = String((ctx.body as { email?: unknown } | undefined)?.email ?? '').toLowerCase();
    const address = ctx.request?.headers.get(clientAddressHeader) ?? 'unknown';
    return {
      account: `acct:${digest(deps.secret, email)}`,
      address: `addr:${address}`,
      addressValue: address,
    };
  };

  const before = async (ctx: HookContext) => {
    const keys = keysOf(ctx);
    for (const dimension of ['account', 'address'] as const) {
      // Locked once the failures reached the limit, until the window ends.
      const state = await deps.limiter.peek(keys[dimension], rules[dimension], window);
      if (state.remaining === 0) throw tooManyAttempts(state.resetSeconds);
    }
  };

  const after = async (ctx: HookContext) => {
    const keys = keysOf(ctx);
    const failed = isAPIError(ctx.context.returned);
    if (!failed) return onSuccess(keys.account, keys.addressValue);

    await deps.security.record({
      type: SecurityEventTypes.loginFailed,
      subject: keys.account,
      address: keys.addressValue,
    });
    for (const dimension of ['account', 'address'] as const) {
      const hit = await deps.limiter.hit(keys[dimension], rules[dimension], window);
      if (hit.remaining === 0) await onLockout(dimension, keys, hit.resetSeconds);
    }
  };

  const onLockout = async (
    dimension: 'account' | 'address',
    keys: ReturnType<typeof keysOf>,
    seconds: number,
  ) => {
    // Remember the lockout a day, so that the next success can report the unlock.
    const marked = await deps.redis.set(
      `${deps.prefix}:locked:${keys[dimension]}`,
      '1',
      'EX',
      86_400,
      'NX',
    );
    if (marked !== 'OK') return;
    await deps.security.record({
      type: SecurityEventTypes.lockout,
      subject: keys[dimension],
      address: keys.addressValue,
      details: { dimension, seconds },
    });
  };

  const onSuccess = async (accountKey: string, address: string) => {
    await deps.limiter.clear(accountKey, rules.account, window);
    if ((await deps.redis.del(`${deps.prefix}:locked:${accountKey}`)) === 1) {
      await deps.security.record({
        type: SecurityEventTypes.unlock,
        subject: accountKey,
        address,
        details: { dimension: 'account' },
      });
    }
  };

  return { before, after };
}

/**
 * Better Auth verifies a TOTP code against its time window but would accept the same code
 * twice within it. A code is claimed per user in Redis before verification (atomic SET NX)
 * and released again if the verification fails, so each valid code works exactly once.
 */
function totpReplayGuard(deps: HookDeps) {
  const keyOf = async (ctx: HookContext) => {
    const code = String((ctx.body as { code?: unknown } | undefined)?.code ?? '');
    const userId = await totpUserOf(ctx);
    return userId ? `${deps.prefix}:totp:${userId}:${code}` : undefined;
  };

  const before = async (ctx: HookContext) => {
    const key = await keyOf(ctx);
    if (!key) return;

    const claimed = await deps.redis.set(key, '1', 'EX', 120, 'NX');
    if (claimed === 'OK') return;
    await deps.security.record({
      type: SecurityEventTypes.totpReplay,
      subject: key.split(':').at(-2),
    });
    throw APIError.from('UNAUTHORIZED', { code: 'INVALID_CODE', message: 'Invalid code' });
  };

  const after = async (ctx: HookContext) => {
    if (!isAPIError(ctx.context.returned)) return;
    const key = await keyOf(ctx);
    if (key) await deps.redis.del(key);
  };

  return { before, after };
}

// The same lookup Better Auth makes: the session's user, or the user of the sign-in challenge.
async function totpUserOf(ctx: HookContext): Promise<string | undefined> {
  const session = await getSessionFromCtx(ctx).catch(() => null);
  if (session) return session.user.id;

  const cookie = ctx.context.createAuthCookie('two_factor');
  const challenge = await ctx.getSignedCookie(cookie.name, ctx.context.secret);
  if (!challenge) return undefined;
  const value = await ctx.context.internalAdapter.findVerificationValue(challenge);
  return value?.value;
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
