import type { FastifyRequest } from 'fastify';
import { type Caller, isRole } from '../../app/caller.ts';
import { TradingError } from '../../domain/errors.ts';

export const identityHeaders = Object.freeze({
  userId: 'x-hcts-user-id',
  organizationId: 'x-hcts-organization-id',
  role: 'x-hcts-role',
});

const plainId = /^[A-Za-z0-9._:-]{1,100}$/;

/**
 * The caller as the gateway states it in headers after verifying the session. This is the
 * one place that reads identity, so it can be swapped for token verification.
 * Known limit: it trusts the network path from the gateway; verifying the gateway's JWT with
 * @hcts/auth here (a verifier built from the gateway's JWKS URL) would let trading stand alone.
 */
export function callerOf(request: FastifyRequest): Caller {
  const userId = text(request, identityHeaders.userId);
  const organizationId = text(request, identityHeaders.organizationId);
  const role = text(request, identityHeaders.role);
  if (!userId || !organizationId || !isRole(role)) throw new TradingError('unauthenticated');
  return { userId, organizationId, role };
}

function text(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' && plainId.test(value) ? value : undefined;
}
