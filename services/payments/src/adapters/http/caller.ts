import type { TokenSettings } from '@hcts/auth';
import { createRequestIdentifier } from '@hcts/auth';
import type { FastifyRequest } from 'fastify';
import type { Caller } from '../../app/caller.ts';

/** Who is calling a route; the only way the HTTP adapter learns the caller's identity. */
export type IdentifyCaller = (request: FastifyRequest) => Promise<Caller>;

export type { TokenSettings };

/**
 * The caller from the gateway's verified access token (`@hcts/auth`), so that a request reaching
 * payments' port directly cannot claim to be anyone; the `x-hcts-*` headers are never read. The
 * provider webhook route does not use it: the provider's signature authenticates that one.
 */
export function identifyCaller(settings: TokenSettings): IdentifyCaller {
  return createRequestIdentifier(settings);
}
