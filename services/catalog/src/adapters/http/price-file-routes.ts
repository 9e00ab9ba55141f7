import { Text } from '@hcts/contracts';
import type { ServiceApp } from '@hcts/kit';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import type { HptSchemas } from '../../app/cms/hpt-schemas.ts';
import { validatePriceFile } from '../../app/cms/validate-price-file.ts';
import type { CatalogDeps } from '../../app/deps.ts';
import { type ImportOutcome, importPriceFile } from '../../app/price-files/import-price-file.ts';
import type { PriceFileVault } from '../../app/price-files/price-file-vault.ts';
import { canManage } from '../../domain/caller.ts';
import { exportV3 } from '../../domain/cms/export-v3.ts';
import { HptSchemaVersions } from '../../domain/cms/hpt-document.ts';
import { CatalogError, fieldOf, type Issue } from '../../domain/errors.ts';
import type { IdentifyCaller } from './caller.ts';

export interface PriceFileDeps extends CatalogDeps {
  vault: PriceFileVault;
  schemas: HptSchemas;
  maxBytes: number;
}

const Params = z.strictObject({ id: Text.min(1).max(100) });

/** CMS price files: upload and import, the v3.0 export, stored files, payer aliases. */
export async function priceFileRoutes(
  app: ServiceApp,
  deps: PriceFileDeps,
  callerOf: IdentifyCaller,
): Promise<void> {
  await app.register(async (raw: ServiceApp) => uploadRoute(raw, deps, callerOf));

  app.get(
    '/api/services/provider/:id/cms-standard-charges',
    { schema: { params: Params } },
    async (request) => {
      await callerOf(request);
      const organizationId = request.params.id;
      const profile = await deps.store.profileOf(organizationId);
      if (profile === undefined) throw new CatalogError('noHospitalProfile', { organizationId });

      const items = (await deps.store.cmsItemsOf(organizationId)).map(({ item }) => item);
      const document = exportV3(profile, items, deps.now().toISOString().slice(0, 10));

      // The export is checked with the same validator as an upload before it leaves.
      const bytes = new TextEncoder().encode(JSON.stringify(document));
      const report = validatePriceFile(deps.schemas, bytes, '3.0.0');
      if (!report.valid) throw new CatalogError('priceFileInvalid', {}, report.errors);
      return document;
    },
  );

  const FileParams = Params.extend({ fileId: z.uuid() });
  app.get(
    '/api/services/provider/:id/price-files/:fileId',
    { schema: { params: FileParams } },
    async (request, reply) => {
      const caller = await callerOf(request);
      const found = await deps.vault.get(request.params.fileId);
      const owner = found?.file.organizationId;
      if (found === undefined || owner !== request.params.id || !canManage(caller, owner)) {
        throw new CatalogError('priceFileNotFound', { fileId: request.params.fileId });
      }
      return reply
        .type(found.file.contentType)
        .header('x-hcts-key-id', found.file.keyId)
        .send(found.bytes);
    },
  );

  const Alias = z.strictObject({
    payerName: Text.trim().min(1).max(200),
    organizationId: Text.min(1).max(100),
  });
  app.put('/api/services/payer-aliases', { schema: { body: Alias } }, async (request, reply) => {
    const caller = await callerOf(request);
    if (caller.role !== 'admin') {
      throw new CatalogError('forbidden', { role: caller.role, action: 'map', resource: 'payers' });
    }
    await deps.store.setPayerAlias(request.body.payerName, request.body.organizationId);
    return reply.code(204).send();
  });
}

/**
 * The upload is read as raw bytes whatever its type, JSON included: the validator decodes it.
 * Only this route takes large bodies; the others keep the service's 1 MiB limit.
 */
function uploadRoute(raw: ServiceApp, deps: PriceFileDeps, callerOf: IdentifyCaller): void {
  raw.removeAllContentTypeParsers();
  raw.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
  const Query = z.strictObject({ schemaVersion: z.enum(HptSchemaVersions).optional() });

  raw.post(
    '/api/services/provider/:id/cms-standard-charges',
    { schema: { params: Params, querystring: Query }, bodyLimit: deps.maxBytes },
    async (request, reply) => {
      const upload = {
        bytes: request.body as Buffer,
        contentType: request.headers['content-type'] ?? '',
        schemaVersion: request.query.schemaVersion,
      };
      const meta = { correlationId: request.correlationId };
      const outcome = await importPriceFile(
        deps,
        await callerOf(request),
        request.params.id,
        upload,
        meta,
      );
      if (outcome.valid) return reply.code(201).send(outcome);
      return sendInvalidFile(reply, outcome);
    },
  );
}

/** problem+json with the located errors, and the warnings beside them as an extension. */
function sendInvalidFile(reply: FastifyReply, outcome: ImportOutcome) {
  const located = (issue: Issue) => ({
    field: fieldOf(issue),
    message: issue.message,
    code: issue.code,
  });
  return reply
    .code(422)
    .type('application/problem+json; charset=utf-8')
    .send({
      type: 'https://hcts.dev/problems/catalog-price-file-invalid',
      title: 'Unprocessable Content',
      status: 422,
      code: 'CATALOG_PRICE_FILE_INVALID',
      detail: `the file is invalid (${outcome.errors.length} problems); nothing was imported`,
      errors: outcome.errors.map(located),
      warnings: outcome.warnings.map(located),
      fileId: outcome.file.fileId,
      layout: outcome.layout,
      schemaVersion: outcome.schemaVersion,
    });
}
