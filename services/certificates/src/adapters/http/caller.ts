import type { AccessTokenVerifier } from '@hcts/auth';
import type { FastifyRequest } from 'fastify';
import type { Caller } from '../../domain/access.ts';
import { CertificatesError } from '../../domain/errors.ts';

/**
 * Who is calling: the gateway forwards the user's short-lived EdDSA access token, verified
 * here against the gateway's JWKS. This is the only place that reads identity from a request.
 */
export async function callerOf(
  verify: AccessTokenVerifier,
  request: FastifyRequest,
): Promise<Caller> {
  const header = request.headers.authorization;
  const token = header?.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : '';
  if (!token) throw new CertificatesError('CERTIFICATES_UNAUTHENTICATED');

  try {
    const identity = await verify(token);
    return {
      userId: identity.userId,
      organizationId: identity.organizationId,
      role: identity.role as Caller['role'],
    };
  } catch (cause) {
    throw new CertificatesError('CERTIFICATES_UNAUTHENTICATED', {}, cause);
  }
}
