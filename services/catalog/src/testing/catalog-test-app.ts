import { randomBytes } from 'node:crypto';
import { createTestTokens, serveJwks } from '@hcts/auth/testing';
import { createTestDatabase, testInfra, uniqueName } from '@hcts/test-harness';
import { sql } from 'kysely';
import { readIcd11Tabulation } from '../adapters/files/read-icd11-tabulation.ts';
import type { IndicationModel } from '../app/assistant/suggest-indications.ts';
import { importIcd11Release } from '../app/icd11/import-icd11-release.ts';
import { noCache, type ReadThroughCache } from '../app/read-through-cache.ts';
import { buildCatalogService } from '../catalog-service.ts';
import { CatalogConfig } from '../config.ts';

export const icd11File = new URL(
  '../../../../../shared/data/icd11/SimpleTabulation-ICD-11-MMS-en.xlsx',
  import.meta.url,
).pathname;

export const cmsFolder = new URL('../../../../../shared/data/cms-hpt/', import.meta.url).pathname;

/** The gateway's signing key, as far as these tests are concerned; `as()` mints with it. */
export const tokens = createTestTokens();

/** A catalog on a fresh database with the real ICD-11 release, driven through inject(). */
export async function catalogTestApp(
  label: string,
  options: {
    cache?: ReadThroughCache;
    cacheGroup?: string;
    indicationModel?: IndicationModel | null;
    env?: Record<string, string>;
  } = {},
) {
  const database = await createTestDatabase(label);
  const jwks = await serveJwks(tokens);
  const infra = testInfra();
  const config = CatalogConfig.parse({
    DATABASE_URL: database.url,
    KAFKA_BROKERS: infra.KAFKA_BROKERS,
    REDIS_URL: infra.REDIS_URL,
    LOG_LEVEL: 'silent',
    PRICE_FILE_MASTER_KEY: randomBytes(32).toString('base64'),
    ...jwks.env,
    ...options.env,
  });
  const catalog = await buildCatalogService({
    config,
    cache: options.cache ?? noCache,
    cacheGroup: options.cacheGroup ?? uniqueName('catalog-cache'),
    indicationModel: options.indicationModel === undefined ? null : options.indicationModel,
  });
  await catalog.service.migrate();
  await importIcd11Release(catalog.deps.icd11, await readIcd11Tabulation(icd11File));
  await catalog.service.app.ready();

  return {
    catalog,
    app: catalog.service.app,
    db: catalog.db,
    outboxTypes: async () => {
      const { rows } = await sql<{ event_type: string; message_key: string }>`
        select event_type, message_key from bus_outbox order by id`.execute(catalog.db);
      return rows;
    },
    close: async () => {
      await catalog.service.app.close();
      await catalog.db.destroy();
      await jwks.close();
      await database.drop();
    },
  };
}

/** Headers of a call through the gateway: an access token of a member of the organization. */
export function as(
  role: 'admin' | 'provider' | 'insurer' | 'intermediary',
  organizationId: string,
): Record<string, string> {
  return tokens.bearer({ userId: `user-of-${organizationId}`, organizationId, role });
}
