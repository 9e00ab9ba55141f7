import type { createAuthMiddleware } from 'better-auth/api';
import { APIError, getSessionFromCtx, isAPIError } from 'better-auth/api';
import { SecurityEventTypes } from '../../app/ports.ts';
import type { SignInThrottle, ThrottleDeps } from './sign-in-throttle.ts';
import { accountKey } from './sign-in-throttle.ts';

type HookContext = Parameters<Parameters<typeof createAuthMiddleware>[0]>[0];

export const totpPath = '/two-factor/verify-totp';
const backupCodePath = '/two-factor/verify-backup-code';

const methods: Record<string, { name: string; route: string }> = {
  [totpPath]: { name: 'totp', route: 'POST /api/auth/two-factor/verify-totp' },
  [backupCodePath]: { name: 'backup-code', route: 'POST /api/auth/two-factor/verify-backup-code' },
};

/** The paths where a sign-in's second step is checked. */
export const secondFactorPaths: ReadonlySet<string> = new Set(Object.keys(methods));

// Better Auth's answers to a code that is wrong. Its other refusals (no challenge, too many
// tries on this challenge, its own lock) are not a guess and do not count.
const wrongCodes: ReadonlySet<string> = new Set(['INVALID_CODE', 'INVALID_BACKUP_CODE']);

/**
 * The second step of a sign-in (a TOTP or backup code after the password) is a credential like
 * the password: a wrong code is a failed sign-in (`method: totp` or `backup-code`), counted
 * toward the account's and the address's lockout, and a locked account or address cannot try
 * codes either. Guessing a 6-digit code is the one thing left to someone who has the password,
 * so the lock must cover it; Better Auth's own limits (5 tries per challenge, 10 per account)
 * are not recorded. The success of this step, not the password's, ends the account's count.
 * Codes checked with a session (confirming a new authenticator) are not sign-ins: not counted.
 */
export function secondFactorSignIns(throttle: SignInThrottle, deps: ThrottleDeps) {
  // The account a sign-in's second step is for, found before Better Auth consumes the challenge.
  const challenged = new WeakMap<Request, string>();
  const replay = totpReplayGuard(deps);

  const before = async (ctx: HookContext, address: string) => {
    const sessionUserId = await sessionUserOf(ctx);
    const user = sessionUserId ? undefined : await challengedUserOf(ctx);
    if (user && ctx.request) {
      const account = accountKey(deps.secret, user.email);
      challenged.set(ctx.request, account);
      await throttle.refuseIfLocked(address, account);
    }

    const userId = sessionUserId ?? user?.id;
    if (ctx.path === totpPath && userId) await replay.before(ctx, address, userId);
  };

  const after = async (ctx: HookContext, address: string) => {
    const refusal = ctx.context.returned;
    if (ctx.path === totpPath && isAPIError(refusal)) await replay.released(ctx);

    const account = ctx.request ? challenged.get(ctx.request) : undefined;
    if (!account) return;
    if (!isAPIError(refusal)) return throttle.succeeded(account, address);

    const code = (refusal.body as { code?: unknown } | undefined)?.code;
    if (typeof code !== 'string' || !wrongCodes.has(code)) return;
    await throttle.failed({ account, address, method: methods[ctx.path], reason: code });
  };

  return { before, after };
}

/**
 * Better Auth verifies a TOTP code against its time window but would accept the same code
 * twice within it. A code is claimed per user in Redis before verification (atomic SET NX)
 * and released again if the verification fails, so each valid code works exactly once.
 */
function totpReplayGuard(deps: ThrottleDeps) {
  const keyOf = (ctx: HookContext, userId: string) => {
    const code = String((ctx.body as { code?: unknown } | undefined)?.code ?? '');
    return `${deps.prefix}:totp:${userId}:${code}`;
  };
  const claimed = new WeakMap<Request, string>();

  const before = async (ctx: HookContext, address: string, userId: string) => {
    const key = keyOf(ctx, userId);

    if ((await deps.redis.set(key, '1', 'EX', 120, 'NX')) === 'OK') {
      if (ctx.request) claimed.set(ctx.request, key);
      return;
    }
    await deps.security.record({ type: SecurityEventTypes.totpReplay, subject: userId, address });
    throw APIError.from('UNAUTHORIZED', { code: 'INVALID_CODE', message: 'Invalid code' });
  };

  const released = async (ctx: HookContext) => {
    const key = ctx.request ? claimed.get(ctx.request) : undefined;
    if (key) await deps.redis.del(key);
  };

  return { before, released };
}

async function sessionUserOf(ctx: HookContext): Promise<string | undefined> {
  const session = await getSessionFromCtx(ctx).catch(() => null);
  return session?.user.id;
}

// The same lookup Better Auth makes for a sign-in's second step (when there is no session):
// the user of the challenge that the password step left in a signed cookie.
async function challengedUserOf(ctx: HookContext) {
  const cookie = ctx.context.createAuthCookie('two_factor');
  const challenge = await ctx.getSignedCookie(cookie.name, ctx.context.secret);
  if (!challenge) return undefined;
  const value = await ctx.context.internalAdapter.findVerificationValue(challenge);
  if (!value) return undefined;
  return (await ctx.context.internalAdapter.findUserById(value.value)) ?? undefined;
}
