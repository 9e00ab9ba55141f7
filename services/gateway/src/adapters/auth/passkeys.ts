import { passkey } from '@better-auth/passkey';
import type { BetterAuthPlugin } from 'better-auth';
import { APIError } from 'better-auth/api';
import type { SecondFactorState } from '../../app/second-factor.ts';

/** The Better Auth path that opens a session from a passkey assertion. */
export const passkeySignInPath = '/passkey/verify-authentication';

/**
 * Passkeys (WebAuthn) through Better Auth's plugin: routes under /api/auth/passkey/*, a
 * `passkey` table in Better Auth's migrations. The relying party is the public URL: its host
 * name is the RP ID and its origin the only one accepted (the plugin would otherwise trust the
 * request's Origin header). A sign-in must carry user verification (the authenticator's PIN or
 * biometrics), so a passkey session holds two factors; the session records that it came from a
 * passkey, and the second-factor rule reads it.
 */
export function passkeyPlugins(publicUrl: string): BetterAuthPlugin[] {
  const url = new URL(publicUrl);
  return [
    passkey({
      rpID: url.hostname,
      rpName: 'HCTS',
      origin: url.origin,
      authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
      authentication: {
        afterVerification: async ({ verification }) => {
          if (verification.authenticationInfo.userVerified) return;
          throw APIError.from('UNAUTHORIZED', {
            code: 'PASSKEY_USER_NOT_VERIFIED',
            message: 'The authenticator did not verify the user',
          });
        },
      },
    }) as BetterAuthPlugin,
    passkeySessionMarker(),
  ];
}

/**
 * Marks the sessions opened by a passkey sign-in (`secondFactor: 'passkey'`). The field is not
 * an input: no client can set it, only the sign-in path.
 */
function passkeySessionMarker(): BetterAuthPlugin {
  return {
    id: 'hcts-passkey-session',
    schema: {
      session: {
        fields: { secondFactor: { type: 'string', required: false, input: false } },
      },
    },
    init: () => ({
      options: {
        databaseHooks: {
          session: {
            create: {
              before: async (session, ctx) => {
                if (ctx?.path !== passkeySignInPath) return;
                return { data: { ...session, secondFactor: 'passkey' } };
              },
            },
          },
        },
      },
    }),
  };
}

/** What a Better Auth user and session show of the second factor. */
export function secondFactorStateOf(
  user: { id: string; twoFactorEnabled?: unknown },
  session: { id: string; secondFactor?: unknown },
): SecondFactorState {
  return {
    totpEnrolled: Boolean(user.twoFactorEnabled),
    passkeySession: session.secondFactor === 'passkey',
  };
}
