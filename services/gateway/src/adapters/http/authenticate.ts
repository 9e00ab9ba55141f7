import { createHash } from 'node:crypto';
import { TokenError } from '@hcts/auth';
import { fromNodeHeaders } from 'better-auth/node';
import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { hashApiKey, looksLikeApiKey } from '../../app/api-key-format.ts';
import type { Caller } from '../../app/authorize.ts';
import { roleOfKind } from '../../app/organization-roles.ts';
import type { SecurityEvents } from '../../app/ports.ts';
import { SecurityEventTypes } from '../../app/ports.ts';
import { secondFactorMissing } from '../../app/second-factor.ts';
import { GatewayError } from '../../domain/errors.ts';
import type { AccessTokens } from '../auth/access-tokens.ts';
import type { Identity } from '../auth/identity.ts';
import { secondFactorStateOf } from '../auth/passkeys.ts';
import { findActiveApiKey, touchApiKey } from '../postgres/api-keys.ts';
import { membershipOf } from '../postgres/memberships.ts';

export interface Authenticated {
  caller: Caller;
  /** A token for the services: the one presented, or one minted for this caller. */
  accessToken: () => Promise<string>;
}

const jwtShape = /^eyJ[\w-]*\.[\w-]+\.[\w-]+$/;

/**
 * Resolves the credential on a request: an access token (verified locally, no database), an
 * API key (one indexed lookup), or a Better Auth session (bearer or cookie). Returns undefined
 * for a request without any credential; a credential that does not verify is an error.
 */
export function createAuthenticator(deps: {
  identity: Identity;
  tokens: AccessTokens;
  db: Kysely<unknown>;
  security: SecurityEvents;
  mfaRequiredRoles: readonly string[];
  /** Origins whose pages may send cookie-authenticated changes (the gateway's public one). */
  trustedOrigins: readonly string[];
}) {
  const trusted = new Set(deps.trustedOrigins);
  const refuse = async (request: FastifyRequest, reason: string): Promise<never> => {
    await deps.security.record({
      type: SecurityEventTypes.tokenRefused,
      address: request.ip,
      details: { reason },
    });
    throw new GatewayError('GATEWAY_TOKEN_REFUSED');
  };

  const fromAccessToken = async (request: FastifyRequest, token: string) => {
    const identity = await deps.tokens.verify(token).catch((error: unknown) => {
      if (error instanceof TokenError) return refuse(request, error.code);
      throw error;
    });
    const caller: Caller = {
      userId: identity.userId,
      organizationId: identity.organizationId,
      role: identity.role as Caller['role'],
      organizationStatus: identity.organizationStatus,
      via: 'access-token',
      scopes: identity.via === 'api-key' ? identity.scopes : null,
      secondFactorMissing: identity.secondFactorMissing,
    };
    return { caller, accessToken: async () => token };
  };

  const fromApiKey = async (request: FastifyRequest, key: string) => {
    const found = await findActiveApiKey(deps.db, hashApiKey(key));
    if (!found) return refuse(request, 'api-key-unknown');

    void touchApiKey(deps.db, found.id).catch((err: unknown) =>
      request.log.warn({ err }, 'api key last-used not recorded'),
    );
    const caller: Caller = {
      userId: found.createdBy,
      organizationId: found.organizationId,
      role: roleOfKind[found.kind],
      organizationStatus: found.status,
      via: 'api-key',
      scopes: found.scopes.split(' '),
      apiKey: { id: found.id, perMinute: found.rateLimitPerMinute },
      secondFactorMissing: false,
    };
    const cacheKey = `key:${found.id}:${found.status}`;
    return { caller, accessToken: () => deps.tokens.mint(cacheKey, caller) };
  };

  const fromSession = async (request: FastifyRequest, presented: boolean, bearer: boolean) => {
    const headers = fromNodeHeaders(request.headers);
    // A bearer session token is the credential; cookies must not stand in when it fails.
    if (bearer) headers.delete('cookie');
    const session = await deps.identity.api.getSession({ headers });
    if (!session) return presented ? refuse(request, 'session-unknown') : undefined;

    const membership = await membershipOf(
      deps.db,
      session.user.id,
      session.session.activeOrganizationId,
    );
    const role = membership ? roleOfKind[membership.kind] : null;
    const caller: Caller = {
      userId: session.user.id,
      organizationId: membership?.organizationId ?? null,
      role,
      organizationStatus: membership?.status ?? null,
      via: 'session',
      scopes: null,
      secondFactorMissing: secondFactorMissing(
        role,
        membership?.requireSecondFactor ?? false,
        secondFactorStateOf(session.user, session.session),
        deps.mfaRequiredRoles,
      ),
    };
    const cacheKey = [
      'sess',
      digest(session.session.id),
      caller.organizationId,
      caller.organizationStatus,
      caller.secondFactorMissing,
    ].join(':');
    return { caller, accessToken: () => deps.tokens.mint(cacheKey, caller) };
  };

  return async (request: FastifyRequest): Promise<Authenticated | undefined> => {
    const header = request.headers.authorization;
    const bearer = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
    const apiKey = request.headers['x-api-key'];

    if (typeof apiKey === 'string') return fromApiKey(request, apiKey);
    if (bearer && jwtShape.test(bearer)) return fromAccessToken(request, bearer);
    if (bearer && looksLikeApiKey(bearer)) return fromApiKey(request, bearer);
    const sessionCookie = request.headers.cookie?.includes('session_token') ?? false;
    // Any cookie counts, however it is spelled: the cookie parser is more lenient than a test.
    if (request.headers.cookie !== undefined && !bearer && !safeMethods.has(request.method)) {
      refuseForeignOrigin(request.headers.origin, trusted);
    }
    return fromSession(request, Boolean(bearer) || sessionCookie, Boolean(bearer));
  };
}

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * A browser attaches the session cookie to a request another site's page makes; only the
 * Origin header tells them apart. A change made with the cookie must come from a trusted
 * origin (Better Auth checks the same on its own routes). SameSite=Lax cookies and JSON-only
 * bodies already stop most such requests; this holds even where they would not.
 */
function refuseForeignOrigin(origin: string | undefined, trusted: ReadonlySet<string>) {
  if (origin === undefined || !trusted.has(origin)) {
    throw new GatewayError('GATEWAY_ORIGIN_REFUSED', { origin: origin ?? 'none' });
  }
}
export type Authenticator = ReturnType<typeof createAuthenticator>;

function digest(value: string): string {
  return createHash('sha256').update(value).digest('hex').slice(0, 32);
}
