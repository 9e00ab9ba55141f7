import { createAuthMiddleware, isAPIError } from 'better-auth/api';
import { passkeySignInFailures } from './passkey-sign-in-failures.ts';
import { passkeySignInPath } from './passkeys.ts';
import { secondFactorPaths, secondFactorSignIns } from './second-factor-sign-ins.ts';
import type { SignInThrottle, ThrottleDeps } from './sign-in-throttle.ts';
import { accountKey, signInThrottle } from './sign-in-throttle.ts';

export type HookDeps = ThrottleDeps;

// The header the gateway sets from the socket address; a client's own value is dropped first.
export const clientAddressHeader = 'x-hcts-client-ip';

const signInPath = '/sign-in/email';

// The one answer that says the email and password do not match; an unknown email gets the same.
const wrongPasswordCode = 'INVALID_EMAIL_OR_PASSWORD';

type HookContext = Parameters<Parameters<typeof createAuthMiddleware>[0]>[0];

/**
 * Better Auth's before and after hooks: sign-in throttling (password, passkey and the second
 * factor), TOTP replay, session hygiene.
 */
export function authHooks(deps: HookDeps) {
  const throttle = signInThrottle(deps);
  const password = passwordSignIns(throttle, deps.secret);
  const passkey = passkeySignInFailures(throttle, deps.secret);
  const secondFactor = secondFactorSignIns(throttle, deps);

  return {
    before: createAuthMiddleware(async (ctx) => {
      if (ctx.path === signInPath) await password.before(ctx);
      if (ctx.path === passkeySignInPath) await passkey.before(addressOf(ctx));
      if (secondFactorPaths.has(ctx.path)) await secondFactor.before(ctx, addressOf(ctx));

      // A password change always ends the other sessions, whatever the client asked for.
      if (ctx.path === '/change-password') {
        return { context: { body: { ...(ctx.body as object), revokeOtherSessions: true } } };
      }
    }),
    after: createAuthMiddleware(async (ctx) => {
      if (ctx.path === signInPath) await password.after(ctx);
      if (ctx.path === passkeySignInPath) await passkey.after(ctx, addressOf(ctx));
      if (secondFactorPaths.has(ctx.path)) await secondFactor.after(ctx, addressOf(ctx));
    }),
  };
}

/**
 * Wrong passwords count per account (the digest of the email) and per address; so does an
 * unknown email, which Better Auth answers exactly like a wrong password. Other refusals are no
 * guess and do not count: a malformed body (400), and an unverified email (403), which Better
 * Auth answers only after the password matched. A right password for an account with a second
 * factor is no sign-in yet: the count ends when the second step succeeds.
 */
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
      const refusal = ctx.context.returned;
      if (isAPIError(refusal)) {
        const code = (refusal.body as { code?: unknown } | undefined)?.code;
        if (code === wrongPasswordCode) await throttle.failed({ account, address });
        return;
      }

      // This hook runs before the two-factor plugin turns the session into a challenge.
      // Known limit: on a device Better Auth trusts (`trustDevice`) the plugin skips the second
      // step, so that sign-in ends no count and reports no unlock; the count ends with its
      // window. Checking after the plugin's own hook (from a plugin of ours) would lift it.
      const user = ctx.context.newSession?.user as { twoFactorEnabled?: boolean } | undefined;
      if (user?.twoFactorEnabled) return;
      await throttle.succeeded(account, address);
    },
  };
}

function addressOf(ctx: HookContext): string {
  return ctx.request?.headers.get(clientAddressHeader) ?? 'unknown';
}
