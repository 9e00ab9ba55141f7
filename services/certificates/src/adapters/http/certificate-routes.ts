import type { ServiceApp } from '@hcts/kit';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { generateCertificate } from '../../app/generate-certificate.ts';
import type { Cause, CertificateRecord } from '../../app/ports.ts';
import { listForUser, readCertificate } from '../../app/read-certificates.ts';
import type { Caller } from '../../domain/access.ts';
import type { CertificateDocument } from '../../domain/certificate-document.ts';
import { CertificatesError } from '../../domain/errors.ts';
import { renderCertificatePdf } from '../pdf/certificate-pdf.ts';
import { callerOf } from './caller.ts';
import type { HttpDeps } from './http-deps.ts';

const Id = z.uuid();
const GenerateBody = z.strictObject({
  transactionId: z.uuid({ version: 'v7' }),
  reason: z.string().min(3).max(200),
});

/** What a party to a certificate may read and what an admin may repair. */
export function registerCertificateRoutes(app: ServiceApp, deps: HttpDeps): void {
  const verifyUrl = (c: CertificateRecord) =>
    `${deps.publicBaseUrl}/api/certificates/verify/${c.verificationCode}`;

  app.post(
    '/api/certificates/generate',
    { schema: { body: GenerateBody } },
    async (request, reply) => {
      const caller = await callerOf(deps.verifyToken, request);
      if (caller.role !== 'admin')
        throw new CertificatesError('CERTIFICATES_NO_ACCESS', { action: 'generate' });

      const result = await generateCertificate(deps.issue, request.body, causeOf(request, caller));
      reply.status(result.created ? 201 : 200);
      return { created: result.created, certificate: view(result.certificate, verifyUrl) };
    },
  );

  app.post('/api/certificates/keys/rotate', async (request, reply) => {
    const caller = await callerOf(deps.verifyToken, request);
    if (caller.role !== 'admin') {
      throw new CertificatesError('CERTIFICATES_NO_ACCESS', { action: 'rotate keys of' });
    }
    const keyId = await deps.keys.rotate();
    request.log.info({ 'certificates.key.id': keyId }, 'signing key rotated');
    reply.status(201);
    return { keyId };
  });

  app.get(
    '/api/certificates/user/:userId',
    {
      schema: {
        params: z.strictObject({ userId: z.string().min(1).max(100) }),
        querystring: z.strictObject({ limit: z.coerce.number().int().min(1).max(200).default(50) }),
      },
    },
    async (request) => {
      const caller = await callerOf(deps.verifyToken, request);
      const { userId } = request.params;
      const records = await listForUser(deps.read, caller, userId, request.query.limit);
      return { items: records.map((c) => view(c, verifyUrl)) };
    },
  );

  app.get(
    '/api/certificates/download/:id',
    { schema: { params: z.strictObject({ id: Id }) } },
    async (request, reply) => {
      const caller = await callerOf(deps.verifyToken, request);
      const record = await readCertificate(deps.read, caller, request.params.id);
      const pdf = await renderCertificatePdf({
        document: documentOf(record),
        verifyUrl: verifyUrl(record),
        keyId: record.keyId,
        leafIndex: record.leafIndex,
        revoked: record.revokedAt
          ? { at: record.revokedAt, reason: record.revocationReason ?? '' }
          : null,
      });
      reply.header('content-disposition', `attachment; filename="certificate-${record.id}.pdf"`);
      return reply.type('application/pdf').send(pdf);
    },
  );

  app.get(
    '/api/certificates/:id',
    { schema: { params: z.strictObject({ id: Id }) } },
    async (request) => {
      const caller = await callerOf(deps.verifyToken, request);
      const record = await readCertificate(deps.read, caller, request.params.id);
      return { ...view(record, verifyUrl), bundle: await deps.app.bundle(record) };
    },
  );
}

function view(c: CertificateRecord, verifyUrl: (c: CertificateRecord) => string) {
  return {
    id: c.id,
    transactionId: c.transactionId,
    version: c.version,
    supersedes: c.supersedes,
    keyId: c.keyId,
    leafIndex: c.leafIndex,
    issuedAt: c.issuedAt.toISOString(),
    revokedAt: c.revokedAt?.toISOString() ?? null,
    revocationReason: c.revocationReason,
    verifyUrl: verifyUrl(c),
    document: documentOf(c),
  };
}

/** The signed document as stored: it was signed here, so its payload is read as is. */
function documentOf(c: CertificateRecord): CertificateDocument {
  const payload = c.jws.split('.')[1] ?? '';
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as CertificateDocument;
}

function causeOf(request: FastifyRequest, caller: Caller): Cause {
  return {
    correlationId: request.correlationId ?? request.id,
    causationId: null,
    actor: { userId: caller.userId, organizationId: caller.organizationId, role: caller.role },
  };
}
