import { type Bus, createBus, createOutbox } from '@hcts/bus';
import { Topics } from '@hcts/contracts';
import { createDatabase, createService, type Service } from '@hcts/kit';
import { Redis } from 'ioredis';
import type { Kysely } from 'kysely';
import pino, { type Logger } from 'pino';
import { uuidv7 } from 'uuidv7';
import { openAiIndicationModel } from './adapters/ai/openai-indication-model.ts';
import { PostgresPriceFileVault } from './adapters/crypto/price-file-vault.ts';
import { importIcd11InWorker } from './adapters/files/import-icd11-in-worker.ts';
import { assistantRoutes } from './adapters/http/assistant-routes.ts';
import { identifyCaller } from './adapters/http/caller.ts';
import { icd11Routes } from './adapters/http/icd11-routes.ts';
import { marketplaceRoutes } from './adapters/http/marketplace-routes.ts';
import { priceFileRoutes } from './adapters/http/price-file-routes.ts';
import { serviceRoutes } from './adapters/http/service-routes.ts';
import { startCacheInvalidation } from './adapters/kafka/cache-invalidation-consumer.ts';
import { catalogMigrations } from './adapters/postgres/migrate.ts';
import { PostgresCatalogStore } from './adapters/postgres/postgres-catalog-store.ts';
import { PostgresIcd11Store } from './adapters/postgres/postgres-icd11-store.ts';
import { redisCache } from './adapters/redis/redis-cache.ts';
import type { IndicationModel } from './app/assistant/suggest-indications.ts';
import { loadHptSchemas } from './app/cms/hpt-schemas.ts';
import type { CatalogDeps } from './app/deps.ts';
import type { ReadThroughCache } from './app/read-through-cache.ts';
import type { CatalogConfig } from './config.ts';

export interface CatalogServiceOptions {
  /** The coding assistant's model; null for none; by default from OPENAI_* when a key is set. */
  indicationModel?: IndicationModel | null;
  config: CatalogConfig;
  /** A cache instead of Redis (tests of other concerns pass `noCache`). */
  cache?: ReadThroughCache;
  /** Consumer group of the cache invalidation; tests give unique ones. */
  cacheGroup?: string;
  logStream?: NodeJS.WritableStream;
}

export interface CatalogService {
  service: Service;
  deps: CatalogDeps;
  db: Kysely<unknown>;
  cache: ReadThroughCache;
  start(): Promise<{ url: string }>;
  stop(): Promise<void>;
}

/** The composition root: database, store, cache, routes, outbox relay and cache consumer. */
export async function buildCatalogService(options: CatalogServiceOptions): Promise<CatalogService> {
  const { config } = options;
  const log: Logger = pino({ level: config.LOG_LEVEL, base: { service: 'catalog' } });
  const database = createDatabase<unknown>({
    url: config.DATABASE_URL,
    poolMax: config.DATABASE_POOL_MAX,
    statementTimeoutMs: config.DATABASE_STATEMENT_TIMEOUT_MS,
    applicationName: 'hcts-catalog',
  });
  const outbox = createOutbox({ source: 'hcts/catalog' });
  const redis =
    options.cache === undefined
      ? new Redis(config.REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 })
      : undefined;
  const cache =
    options.cache ?? redisCache(redis as Redis, 'hcts:catalog:', config.CACHE_TTL_SECONDS);
  const deps: CatalogDeps = {
    store: new PostgresCatalogStore(database.db, outbox),
    icd11: new PostgresIcd11Store(database.db),
    now: () => new Date(),
    newId: uuidv7,
  };

  const service = await createService({
    name: 'catalog',
    config,
    database,
    migrations: catalogMigrations,
    logStream: options.logStream,
    routes: async (http) => {
      const callerOf = identifyCaller(config);
      serviceRoutes(http, deps, callerOf);
      icd11Routes(http, deps, cache, callerOf);
      marketplaceRoutes(http, deps, cache, callerOf);
      const files = {
        ...deps,
        vault: new PostgresPriceFileVault(database.db, config.PRICE_FILE_MASTER_KEY),
        schemas: await loadHptSchemas(config.CMS_HPT_SCHEMA_DIR),
        maxBytes: config.PRICE_FILE_MAX_BYTES,
      };
      await priceFileRoutes(http, files, callerOf);
      const model = modelOf(config, options);
      assistantRoutes(http, deps, model, config.ASSISTANT_TIMEOUT_MS, callerOf);
    },
  });

  let bus: Bus | undefined;
  return {
    service,
    deps,
    db: database.db,
    cache,
    start: async () => {
      await service.migrate();
      await importConfiguredRelease(deps, config, log);
      bus = await createBus({
        brokers: config.KAFKA_BROKERS,
        groupPrefix: config.KAFKA_GROUP_PREFIX,
        topicPrefix: config.KAFKA_TOPIC_PREFIX,
        clientId: 'catalog',
        source: 'hcts/catalog',
        logger: log,
        metrics: service.metrics,
      });
      // The catalog's own topic may not exist yet on a fresh broker, and its cache consumer
      // subscribes to it: created here rather than relying on another service starting first.
      await bus.ensureTopics([{ topic: Topics.catalog, partitions: 3 }]);
      await bus.startRelay({ db: database.db, listenUrl: config.DATABASE_URL });
      await startCacheInvalidation(bus, database.db, cache, { group: options.cacheGroup });
      // The kit closes these in this order once in-flight requests are done, then the pool.
      const started = bus;
      service.addCloser({ name: 'bus', close: () => started.close() });
      service.addCloser({ name: 'cache', close: async () => redis?.disconnect() });
      return service.start();
    },
    stop: () => service.stop(),
  };
}

async function importConfiguredRelease(deps: CatalogDeps, config: CatalogConfig, log: Logger) {
  if (config.ICD11_TABULATION_FILE === undefined) return;
  if ((await deps.icd11.currentRelease()) !== undefined) return;
  const report = await importIcd11InWorker({
    file: config.ICD11_TABULATION_FILE,
    databaseUrl: config.DATABASE_URL,
  });
  log.info(
    { 'icd11.release': report.releaseId, 'icd11.rows': report.rows },
    'icd11 release imported',
  );
}

function modelOf(
  config: CatalogConfig,
  options: CatalogServiceOptions,
): IndicationModel | undefined {
  if (options.indicationModel !== undefined) return options.indicationModel ?? undefined;
  if (config.OPENAI_API_KEY === undefined) return undefined;
  return openAiIndicationModel({
    apiKey: config.OPENAI_API_KEY,
    baseURL: config.OPENAI_BASE_URL,
    model: config.OPENAI_MODEL,
  });
}
