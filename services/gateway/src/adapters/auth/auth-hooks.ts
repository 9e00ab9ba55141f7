import { APIError, createAuthMiddleware, getSessionFromCtx, isAPIError } from 'better-auth/api';
import { SecurityEventTypes } from '../../app/ports.ts';
import { passkeySignInFailures } from './passkey-sign-in-failures.ts';
import { passkeySignInPath } from './passkeys.ts';
import type { SignInThrottle, ThrottleDeps } from './sign-in-throttle.ts';
import { accountKey, signInThrottle } from './sign-in-throttle.ts';

export type HookDeps = ThrottleDeps;

// The header the gateway sets from the socket address; a client's own value is dropped first.
export const clientAddressHeader = 'x-hcts-client-ip';

const signInPath = '/sign-in/email';
const totpPath = '/two-factor/verify-totp';

type HookContext = Parameters<Parameters<typeof createAuthMiddleware>[0]>[0];

/**
 * Better Auth's before and after hooks: sign-in throttling (password and passkey), TOTP replay,
 * session hygiene.
 */
export function authHooks(deps: HookDeps) {
  const throttle = signInThrottle(deps);
  const password = passwordSignIns(throttle, deps.secret);
  const passkey = passkeySignInFailures(throttle, deps.secret);
  const replay = totpReplayGuard(deps);

  return {
    before: createAuthMiddleware(async (ctx) => {
      if (ctx.path === signInPath) await password.before(ctx);
      if (ctx.path === passkeySignInPath) await passkey.before(addressOf(ctx));
      if (ctx.path === totpPath) await replay.before(ctx);

      // A password change always ends the other sessions, whatever the client asked for.
      if (ctx.path === '/change-password') {
        return { context: { body: { ...(ctx.body as object), revokeOtherSessions: true } } };
      }
    }),
    after: createAuthMiddleware(async (ctx) => {
      if (ctx.path === signInPath) await password.after(ctx);
      if (ctx.path === passkeySignInPath) await passkey.after(ctx, addressOf(ctx));
      if (ctx.path === totpPath) await replay.after(ctx);
    }),
  };
}

/** Password sign-ins count per account (the digest of the email) and per address. */
function passwordSignIns(throttle: SignInThrottle, secret: string) {
  const attemptOf = (ctx: HookContext) => {
    const email = String((ctx.body as { email?: unknown } | undefined)?.email ?? '');
    return { account: accountKey(secret, email), address: addressOf(ctx) };
  };

  return {
    async before(ctx: HookContext) {
      const { account, address } = attemptOf(ctx);
      await throttle.refuseIfLocked(address, account);
    },
    async after(ctx: HookContext) {
      const { account, address } = attemptOf(ctx);
      if (!isAPIError(ctx.context.returned)) return throttle.succeeded(account, address);
      await throttle.failed({ account, address });
    },
  };
}

function addressOf(ctx: HookContext): string {
  return ctx.request?.headers.get(clientAddressHeader) ?? 'unknown';
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
