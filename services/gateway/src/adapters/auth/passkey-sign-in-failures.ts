import type { createAuthMiddleware } from 'better-auth/api';
import { isAPIError } from 'better-auth/api';
import type { SignInThrottle } from './sign-in-throttle.ts';
import { accountKey } from './sign-in-throttle.ts';

type HookContext = Parameters<Parameters<typeof createAuthMiddleware>[0]>[0];

const passkeyMethod = { name: 'passkey', route: 'POST /api/auth/passkey/verify-authentication' };

// WebAuthn allows credential ids up to 1,023 bytes; a longer one is no stored credential.
const maxCredentialIdLength = 1_400;

/**
 * Refused passkey sign-ins (an unknown or consumed challenge, an unknown credential, a signature
 * that does not verify, no user verification) are failed sign-ins: a security event with
 * `method: passkey` and Better Auth's code as `reason`, counted toward the address's lockout,
 * which then refuses password and passkey sign-ins from that address alike.
 * They do not count toward an account's lockout: an assertion cannot be guessed (it needs the
 * authenticator's private key), and a credential id travels in the clear in every assertion,
 * so counting would let anyone who saw one lock its owner out. When the credential is known,
 * the event names its owner's account (the same digest as a failed password), so the feed
 * still shows which account was aimed at.
 */
export function passkeySignInFailures(throttle: SignInThrottle, secret: string) {
  return {
    before: (address: string) => throttle.refuseIfLocked(address),
    async after(ctx: HookContext, address: string) {
      const refusal = ctx.context.returned;
      if (!isAPIError(refusal)) return;

      await throttle.failed({
        address,
        subject: await credentialOwnerOf(ctx, secret),
        method: passkeyMethod,
        reason: codeOf(refusal.body),
      });
    },
  };
}

async function credentialOwnerOf(ctx: HookContext, secret: string) {
  const body = ctx.body as { response?: { id?: unknown } } | undefined;
  const credentialId = body?.response?.id;
  if (typeof credentialId !== 'string' || !credentialId) return undefined;
  if (credentialId.length > maxCredentialIdLength) return undefined;

  const passkey = await ctx.context.adapter.findOne<{ userId: string }>({
    model: 'passkey',
    where: [{ field: 'credentialID', value: credentialId }],
  });
  if (!passkey) return undefined;
  const user = await ctx.context.internalAdapter.findUserById(passkey.userId);
  return user ? accountKey(secret, user.email) : undefined;
}

// Better Auth's codes are fixed upper-case words; anything else is not passed on.
function codeOf(body: { code?: unknown } | undefined): string {
  const code = body?.code;
  return typeof code === 'string' && /^[A-Z][A-Z0-9_]{0,59}$/.test(code) ? code : 'UNKNOWN';
}
