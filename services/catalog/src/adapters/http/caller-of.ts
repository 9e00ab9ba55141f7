import type { FastifyRequest } from 'fastify';
import type { Caller } from '../../domain/caller.ts';
import { CatalogError } from '../../domain/errors.ts';

const roles = new Set(['admin', 'provider', 'insurer', 'intermediary']);

/**
 * The caller as the gateway states it in headers, after it authenticated the request.
 *
 * Known limit: the headers are trusted, so the service must only be reachable through the
 * gateway (network policy). Verifying the gateway's access token here with @hcts/auth's
 * verifier, once the gateway issues them, would lift it; only this function would change.
 */
export function callerOf(request: FastifyRequest): Caller {
  const header = (name: string) => {
    const value = request.headers[name];
    return typeof value === 'string' && value.length > 0 && value.length <= 100 ? value : undefined;
  };
  const userId = header('x-hcts-user-id');
  const organizationId = header('x-hcts-organization-id');
  const role = header('x-hcts-role');
  if (
    userId === undefined ||
    organizationId === undefined ||
    role === undefined ||
    !roles.has(role)
  ) {
    throw new CatalogError('unauthenticated');
  }
  return { userId, organizationId, role: role as Caller['role'] };
}
