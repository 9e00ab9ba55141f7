import { Text } from '@hcts/contracts';
import type { ServiceApp } from '@hcts/kit';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { generateCertificate } from '../../app/generate-certificate.ts';
import type { Cause } from '../../app/ports.ts';
import type { Caller } from '../../domain/access.ts';
import { CertificatesError } from '../../domain/errors.ts';
import { callerOf } from './caller.ts';
import { verifyUrlOf, view } from './certificate-view.ts';
import type { HttpDeps } from './http-deps.ts';

const GenerateBody = z.strictObject({
  transactionId: z.uuid({ version: 'v7' }),
  reason: Text.min(3).max(200),
});

/** What only an admin may do: repair a certificate, rotate the signing key. */
export function registerAdminRoutes(app: ServiceApp, deps: HttpDeps): void {
  const verifyUrl = verifyUrlOf(deps.publicBaseUrl);
  const admin = async (request: FastifyRequest, action: string) => {
    const caller = await callerOf(deps.verifyToken, request);
    if (caller.role !== 'admin') throw new CertificatesError('CERTIFICATES_NO_ACCESS', { action });
    return caller;
  };

  app.post(
    '/api/certificates/generate',
    { schema: { body: GenerateBody } },
    async (request, reply) => {
      const caller = await admin(request, 'generate');

      const result = await generateCertificate(deps.issue, request.body, causeOf(request, caller));
      reply.status(result.created ? 201 : 200);
      return { created: result.created, certificate: view(result.certificate, verifyUrl) };
    },
  );

  app.post('/api/certificates/keys/rotate', async (request, reply) => {
    await admin(request, 'rotate keys of');
    const keyId = await deps.keys.rotate();
    request.log.info({ 'certificates.key.id': keyId }, 'signing key rotated');
    reply.status(201);
    return { keyId };
  });
}

function causeOf(request: FastifyRequest, caller: Caller): Cause {
  return {
    correlationId: request.correlationId ?? request.id,
    causationId: null,
    actor: { userId: caller.userId, organizationId: caller.organizationId, role: caller.role },
  };
}
