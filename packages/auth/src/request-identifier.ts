import type { Role } from '@hcts/contracts';
import type { RequestWithHeaders } from './caller-resolver.ts';
import { createCallerResolver } from './caller-resolver.ts';
import { createAccessTokenVerifier } from './verify-access-token.ts';

/** The three variables of `authConfig`, as a service's parsed config carries them. */
export interface TokenSettings {
  AUTH_ISSUER: string;
  AUTH_AUDIENCE: string;
  AUTH_JWKS_URL: string;
}

/** Who calls a route, as a service needs it: a person or key of an organization, in a role. */
export interface RequestCaller {
  userId: string;
  organizationId: string;
  role: Role;
}

/**
 * The caller from the gateway's access token (`Authorization: Bearer`), verified against the
 * gateway's key set, so that a request reaching a service's port directly cannot claim to be
 * anyone; `x-hcts-*` headers are never read. A refused token is a 401, keys that cannot be
 * fetched a 503, a person lacking a required second factor a 403 (`authErrors`). Build it once
 * per process: the verifier caches the key set and the tokens it has verified.
 */
export function createRequestIdentifier(
  settings: TokenSettings,
): (request: RequestWithHeaders) => Promise<RequestCaller> {
  const resolve = createCallerResolver({
    verifier: createAccessTokenVerifier({
      issuer: settings.AUTH_ISSUER,
      audience: settings.AUTH_AUDIENCE,
      jwksUrl: settings.AUTH_JWKS_URL,
    }),
  });

  return async (request) => {
    const { userId, organizationId, role } = await resolve(request);
    return { userId, organizationId, role };
  };
}
