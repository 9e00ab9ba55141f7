import { createAccessTokenVerifier, createCallerResolver } from '@hcts/auth';
import type { FastifyRequest } from 'fastify';
import type { Caller } from '../../domain/caller.ts';

/** Who is calling a route; the only way the HTTP adapter learns the caller's identity. */
export type IdentifyCaller = (request: FastifyRequest) => Promise<Caller>;

export interface TokenSettings {
  AUTH_ISSUER: string;
  AUTH_AUDIENCE: string;
  AUTH_JWKS_URL: string;
}

/**
 * The caller from the gateway's access token (`Authorization: Bearer`), verified here against
 * the gateway's key set, so that a request reaching the catalog's port directly cannot claim to
 * be anyone. The `x-hcts-*` headers the gateway also sends are never read. A refused token is a
 * 401, keys that cannot be fetched a 503, a person lacking a required second factor a 403
 * (`@hcts/auth`'s catalogue). Built once per process: the verifier caches the key set.
 */
export function identifyCaller(settings: TokenSettings): IdentifyCaller {
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
