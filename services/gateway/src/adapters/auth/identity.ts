import type { BetterAuthOptions } from 'better-auth';
import { betterAuth } from 'better-auth';
import { bearer, genericOAuth, jwt, openAPI, twoFactor } from 'better-auth/plugins';
import type { Redis } from 'ioredis';
import type { Kysely } from 'kysely';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { uuidv7 } from 'uuidv7';
import { roleOfKind } from '../../app/organization-roles.ts';
import type { Mailer, SecurityEvents } from '../../app/ports.ts';
import { secondFactorMissing } from '../../app/second-factor.ts';
import type { GatewayConfig } from '../../config.ts';
import { membershipOf } from '../postgres/memberships.ts';
import type { Limiter } from '../redis/limiter.ts';
import { apiKeysPlugin } from './api-keys-plugin.ts';
import { authHooks, clientAddressHeader } from './auth-hooks.ts';
import { organizationPlugin } from './organizations.ts';
import { passkeyPlugins, secondFactorStateOf } from './passkeys.ts';
import { passwordHasher } from './password-hash.ts';

export interface IdentityDeps {
  config: GatewayConfig;
  pool: Pool;
  db: Kysely<unknown>;
  redis: Redis;
  limiter: Limiter;
  mailer: Mailer;
  security: SecurityEvents;
  log: Logger;
}

/** Better Auth, configured as the platform's identity; mounted by the HTTP adapter. */
export function createIdentity(deps: IdentityDeps) {
  const { config } = deps;
  const hooks = authHooks({
    limiter: deps.limiter,
    redis: deps.redis,
    security: deps.security,
    login: config.login,
    secret: config.authSecret,
    prefix: config.redisPrefix,
  });

  return betterAuth({
    appName: 'HCTS',
    baseURL: config.publicUrl,
    basePath: '/api/auth',
    secret: config.authSecret,
    database: deps.pool,
    telemetry: { enabled: false },
    // Better Auth's messages are fixed texts ("User not found"); they go to the gateway's log.
    logger: {
      log: (level, message) => deps.log[level]({ component: 'better-auth' }, message),
    },
    trustedOrigins: [config.publicUrl],
    advanced: {
      ipAddress: { ipAddressHeaders: [clientAddressHeader] },
      database: { generateId: () => uuidv7() },
      useSecureCookies: config.publicUrl.startsWith('https://'),
    },
    ...mailOptions(deps),
    session: { expiresIn: 7 * 86_400, updateAge: 86_400 },
    // Linking a sign-in to an existing user only when the provider vouches for the email.
    account: { accountLinking: { enabled: true, trustedProviders: [] } },
    socialProviders: config.google
      ? { google: { clientId: config.google.clientId, clientSecret: config.google.clientSecret } }
      : {},
    rateLimit: {
      enabled: config.authRateLimit,
      window: 60,
      max: 100,
      customStorage: {
        consume: async (key, rule) => {
          const hit = await deps.limiter.hit(`ba:${key}`, {
            max: rule.max,
            windowSeconds: rule.window,
          });
          return { allowed: hit.allowed, retryAfter: hit.allowed ? null : hit.resetSeconds };
        },
      },
    },
    hooks,
    plugins: [
      accessTokenPlugin(deps),
      // Bearer session tokens must carry Better Auth's signature, so a token read from the
      // session table alone (a leaked backup, say) is not usable.
      bearer({ requireSignature: true }),
      organizationPlugin(deps.db),
      twoFactor({ issuer: 'HCTS' }),
      ...passkeyPlugins(config.publicUrl),
      genericOAuth({
        config: config.oidcProviders.map((p) => ({
          providerId: p.providerId,
          discoveryUrl: p.discoveryUrl,
          clientId: p.clientId,
          clientSecret: p.clientSecret,
          scopes: p.scopes,
          pkce: true,
        })),
      }),
      apiKeysPlugin(deps.db),
      openAPI({ disableDefaultReference: true }),
    ],
  });
}
export type Identity = ReturnType<typeof createIdentity>;

/** Email and password, verification and reset mails through the mailer. */
function mailOptions(
  deps: IdentityDeps,
): Pick<BetterAuthOptions, 'emailAndPassword' | 'emailVerification'> {
  const { config } = deps;
  return {
    emailAndPassword: {
      enabled: true,
      requireEmailVerification: true,
      minPasswordLength: 12,
      maxPasswordLength: 256,
      revokeSessionsOnPasswordReset: true,
      password: passwordHasher(config.passwordScryptLogN),
      sendResetPassword: async ({ user, url }) => {
        await deps.mailer.send({
          to: user.email,
          subject: 'Reset your HCTS password',
          text: `Someone asked to reset the password of this account. To choose a new one:\n${url}\n`,
          template: 'password-reset',
        });
      },
      onPasswordReset: async ({ user }) => {
        await deps.mailer.send({
          to: user.email,
          subject: 'Your HCTS password was changed',
          text: 'The password of this account was just reset; every session was signed out.\n',
          template: 'password-changed-notice',
        });
      },
    },
    emailVerification: {
      sendOnSignUp: true,
      autoSignInAfterVerification: false,
      sendVerificationEmail: async ({ user, url }) => {
        await deps.mailer.send({
          to: user.email,
          subject: 'Confirm your HCTS email address',
          text: `Confirm this address to activate the account:\n${url}\n`,
          template: 'email-verification',
        });
      },
    },
  };
}

/** Short-lived EdDSA access tokens for the services, with the platform's claims. */
function accessTokenPlugin(deps: IdentityDeps) {
  const { config } = deps;
  return jwt({
    jwks: { keyPairConfig: { alg: 'EdDSA', crv: 'Ed25519' } },
    jwt: {
      issuer: config.publicUrl,
      audience: config.accessToken.audience,
      expirationTime: `${config.accessToken.ttlSeconds}s`,
      definePayload: async ({ user, session }) => {
        const membership = await membershipOf(deps.db, user.id, session.activeOrganizationId);
        if (!membership) return { kind: 'user' };
        const role = roleOfKind[membership.kind];
        const missing = secondFactorMissing(
          role,
          membership.requireSecondFactor,
          secondFactorStateOf(user, session),
          config.mfaRequiredRoles,
        );
        return {
          org: membership.organizationId,
          role,
          orgStatus: membership.status,
          kind: 'user',
          sf: missing ? 'missing' : 'ok',
        };
      },
    },
  });
}
