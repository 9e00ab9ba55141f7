import { ForeignId } from '@hcts/contracts';
import type { ServiceApp } from '@hcts/kit';
import { z } from 'zod';
import { listForUser, readCertificate } from '../../app/read-certificates.ts';
import { renderCertificatePdf } from '../pdf/certificate-pdf.ts';
import { callerOf } from './caller.ts';
import { documentOf, keysUrlOf, verifyUrlOf, view } from './certificate-view.ts';
import type { HttpDeps } from './http-deps.ts';

const Id = z.uuid();

/** What a party to a certificate (or an admin) may read. */
export function registerCertificateRoutes(app: ServiceApp, deps: HttpDeps): void {
  const verifyUrl = verifyUrlOf(deps.publicBaseUrl);

  app.get(
    '/api/certificates/user/:userId',
    {
      schema: {
        params: z.strictObject({ userId: ForeignId }),
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
        keysUrl: keysUrlOf(deps.publicBaseUrl),
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
