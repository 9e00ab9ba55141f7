import { type AccessTokenVerifier, type CallerResolver, createCallerResolver } from '@hcts/auth';
import type { FastifyRequest } from 'fastify';
import type { Caller } from '../../domain/access.ts';

// One resolver per verifier: the verifier (built once in the composition root) holds the key
// set and the cache of verified tokens; the resolver only adds the header and factor checks.
const resolvers = new WeakMap<AccessTokenVerifier, CallerResolver>();

/**
 * Who is calling: the gateway forwards the user's short-lived EdDSA access token, verified
 * here against the gateway's JWKS by `@hcts/auth`'s resolver. This is the only place that reads
 * identity from a request; `x-hcts-*` headers are never identity. Its refusals are the auth
 * catalogue's: no or refused token 401, keys that cannot be fetched 503, a person whose role
 * requires a second factor not yet set up 403.
 */
export async function callerOf(
  verify: AccessTokenVerifier,
  request: FastifyRequest,
): Promise<Caller> {
  let resolve = resolvers.get(verify);
  if (resolve === undefined) {
    resolve = createCallerResolver({ verifier: verify });
    resolvers.set(verify, resolve);
  }

  const { userId, organizationId, role } = await resolve(request);
  return { userId, organizationId, role };
}
