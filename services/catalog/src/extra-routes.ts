import type { ServiceApp } from '@hcts/kit';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { openAiIndicationModel } from './adapters/ai/openai-indication-model.ts';
import { PostgresPriceFileVault } from './adapters/crypto/price-file-vault.ts';
import { callerOf } from './adapters/http/caller-of.ts';
import { type IndicationModel, suggestIndications } from './app/assistant/suggest-indications.ts';
import { loadHptSchemas } from './app/cms/hpt-schemas.ts';
import { validatePriceFile } from './app/cms/validate-price-file.ts';
import type { CatalogDeps } from './app/deps.ts';
import { importPriceFile } from './app/price-files/import-price-file.ts';
import type { CatalogConfig } from './config.ts';
import { canManage } from './domain/caller.ts';
import { exportV3 } from './domain/cms/export-v3.ts';
import { HptSchemaVersions } from './domain/cms/hpt-document.ts';
import { CatalogError, fieldOf } from './domain/errors.ts';

export interface ExtraOptions {
  /** The coding assistant's model; by default built from OPENAI_* when a key is set. */
  indicationModel?: IndicationModel | null;
}

/** CMS price files (upload, stored file, export), payer aliases and the coding assistant. */
export async function extraRoutes(
  app: ServiceApp,
  deps: CatalogDeps,
  config: CatalogConfig,
  options: ExtraOptions,
  db: Kysely<unknown>,
): Promise<void> {
  const schemas = await loadHptSchemas(config.CMS_HPT_SCHEMA_DIR);
  const vault = new PostgresPriceFileVault(db, config.PRICE_FILE_MASTER_KEY);
  const fileDeps = { ...deps, vault, schemas, maxBytes: config.PRICE_FILE_MAX_BYTES };
  const Params = z.strictObject({ id: z.string().min(1).max(100) });

  // The upload is read as raw bytes whatever its type, JSON included: the validator decodes it.
  await app.register(async (raw: ServiceApp) => {
    raw.removeAllContentTypeParsers();
    raw.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) =>
      done(null, body),
    );
    const Query = z.strictObject({ schemaVersion: z.enum(HptSchemaVersions).optional() });
    raw.post(
      '/api/services/provider/:id/cms-standard-charges',
      { schema: { params: Params, querystring: Query } },
      async (request, reply) => {
        const contentType = request.headers['content-type'] ?? '';
        const upload = {
          bytes: request.body as Buffer,
          contentType,
          schemaVersion: request.query.schemaVersion,
        };
        const outcome = await importPriceFile(
          fileDeps,
          callerOf(request),
          request.params.id,
          upload,
          { correlationId: request.correlationId },
        );
        if (outcome.valid) return reply.code(201).send(outcome);
        return reply
          .code(422)
          .type('application/problem+json; charset=utf-8')
          .send({
            type: 'https://hcts.dev/problems/catalog-price-file-invalid',
            title: 'Unprocessable Content',
            status: 422,
            code: 'CATALOG_PRICE_FILE_INVALID',
            detail: `the file is invalid (${outcome.errors.length} problems); nothing was imported`,
            errors: outcome.errors.map((issue) => ({
              field: fieldOf(issue),
              message: issue.message,
              code: issue.code,
            })),
            warnings: outcome.warnings.map((issue) => ({
              field: fieldOf(issue),
              message: issue.message,
              code: issue.code,
            })),
            fileId: outcome.file.fileId,
            layout: outcome.layout,
            schemaVersion: outcome.schemaVersion,
          });
      },
    );
  });

  app.get(
    '/api/services/provider/:id/cms-standard-charges',
    { schema: { params: Params } },
    async (request) => {
      callerOf(request);
      const profile = await deps.store.profileOf(request.params.id);
      if (profile === undefined)
        throw new CatalogError('noHospitalProfile', { organizationId: request.params.id });
      const items = (await deps.store.cmsItemsOf(request.params.id)).map(({ item }) => item);
      const document = exportV3(profile, items, deps.now().toISOString().slice(0, 10));
      // The export is checked with the same validator as an upload before it leaves.
      const report = validatePriceFile(
        schemas,
        new TextEncoder().encode(JSON.stringify(document)),
        '3.0.0',
      );
      if (!report.valid) throw new CatalogError('priceFileInvalid', {}, report.errors);
      return document;
    },
  );

  app.get(
    '/api/services/provider/:id/price-files/:fileId',
    { schema: { params: Params.extend({ fileId: z.uuid() }) } },
    async (request, reply) => {
      const caller = callerOf(request);
      const found = await vault.get(request.params.fileId);
      if (
        found === undefined ||
        found.file.organizationId !== request.params.id ||
        !canManage(caller, found.file.organizationId)
      ) {
        throw new CatalogError('priceFileNotFound', { fileId: request.params.fileId });
      }
      return reply
        .type(found.file.contentType)
        .header('x-hcts-key-id', found.file.keyId)
        .send(found.bytes);
    },
  );

  app.put(
    '/api/services/payer-aliases',
    {
      schema: {
        body: z.strictObject({
          payerName: z.string().trim().min(1).max(200),
          organizationId: z.string().min(1).max(100),
        }),
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      if (caller.role !== 'admin')
        throw new CatalogError('forbidden', {
          role: caller.role,
          action: 'map',
          resource: 'payers',
        });
      await deps.store.setPayerAlias(request.body.payerName, request.body.organizationId);
      return reply.code(204).send();
    },
  );

  assistantRoute(app, deps, config, options);
}

function assistantRoute(
  app: ServiceApp,
  deps: CatalogDeps,
  config: CatalogConfig,
  options: ExtraOptions,
): void {
  const model =
    options.indicationModel !== undefined
      ? (options.indicationModel ?? undefined)
      : config.OPENAI_API_KEY === undefined
        ? undefined
        : openAiIndicationModel({
            apiKey: config.OPENAI_API_KEY,
            baseURL: config.OPENAI_BASE_URL,
            model: config.OPENAI_MODEL,
          });
  const Body = z.strictObject({
    name: z.string().trim().min(1).max(300),
    description: z.string().max(5_000).default(''),
  });

  app.post('/api/services/coding-assistant', { schema: { body: Body } }, async (request) => {
    const caller = callerOf(request);
    if (caller.role !== 'provider' && caller.role !== 'admin') {
      throw new CatalogError('forbidden', {
        role: caller.role,
        action: 'use',
        resource: 'the coding assistant',
      });
    }
    return suggestIndications(deps.icd11, model, request.body, config.ASSISTANT_TIMEOUT_MS);
  });
}
