import { type Bus, createBus } from '@hcts/bus';
import { Topics } from '@hcts/contracts';
import { type EventStoreTables, PostgresEventStore, type Subscription } from '@hcts/event-store';
import { createDatabase, createService, type Database, type Service } from '@hcts/kit';
import type { Kysely } from 'kysely';
import pino, { type Logger } from 'pino';
import { identifyCaller } from './adapters/http/caller.ts';
import { cartRoutes } from './adapters/http/cart-routes.ts';
import { purchaseRoutes } from './adapters/http/purchase-routes.ts';
import { transactionRoutes } from './adapters/http/transaction-routes.ts';
import { startCatalogConsumer } from './adapters/kafka/catalog-consumer.ts';
import { startEventRelay } from './adapters/kafka/event-relay.ts';
import { startIdentityConsumer } from './adapters/kafka/identity-consumer.ts';
import { startPaymentsConsumer } from './adapters/kafka/payments-consumer.ts';
import { allMigrations } from './adapters/postgres/migrations.ts';
import { createCartStore } from './adapters/postgres/postgres-carts.ts';
import { createCatalogReplica } from './adapters/postgres/postgres-catalog-replica.ts';
import { createIdempotencyStore } from './adapters/postgres/postgres-idempotency.ts';
import { createOrganizationDirectory } from './adapters/postgres/postgres-organizations.ts';
import { createPurchaseFacts } from './adapters/postgres/postgres-purchase-facts.ts';
import {
  type ChangeFeed,
  startChangeFeed,
} from './adapters/postgres/postgres-transaction-changes.ts';
import { createTransactionRepository } from './adapters/postgres/postgres-transactions.ts';
import type { Clock } from './app/ports.ts';
import type { TradingApp } from './app/trading-app.ts';
import { budgetedChanges } from './app/wait-budget.ts';
import type { TradingConfig } from './config.ts';

/** Topics, groups and relay id; tests give unique ones so that runs never meet. */
export interface TradingTopics {
  trading: string;
  catalog: string;
  payments: string;
  identity: string;
  catalogGroup: string;
  paymentsGroup: string;
  identityGroup: string;
  relayId: string;
}

export const defaultTopics: TradingTopics = Object.freeze({
  trading: Topics.trading,
  catalog: Topics.catalog,
  payments: Topics.payments,
  identity: Topics.identity,
  catalogGroup: 'trading.catalog',
  paymentsGroup: 'trading.payments',
  identityGroup: 'trading.identity',
  relayId: 'trading.relay',
});

export interface TradingServiceOptions {
  config: TradingConfig;
  topics?: TradingTopics;
  clock?: Clock;
  logStream?: NodeJS.WritableStream;
}

export interface TradingService {
  service: Service;
  app: TradingApp;
  db: Database<unknown>['db'];
  start(): Promise<{ url: string }>;
  stop(): Promise<void>;
}

/**
 * The composition root: database, event store, HTTP routes, the relay from the event store to
 * Kafka, and the catalog and payments consumers. `start()` migrates, then runs them all.
 */
export async function buildTradingService(options: TradingServiceOptions): Promise<TradingService> {
  const { config } = options;
  const topics = options.topics ?? defaultTopics;
  const log: Logger = pino({ level: config.LOG_LEVEL, base: { service: 'trading' } });
  const database = createDatabase<unknown>({
    url: config.DATABASE_URL,
    poolMax: config.DATABASE_POOL_MAX,
    statementTimeoutMs: config.DATABASE_STATEMENT_TIMEOUT_MS,
    applicationName: 'hcts-trading',
  });
  const app: TradingApp = {
    repo: createTransactionRepository(database.db, database.pool),
    replica: createCatalogReplica(database.db),
    carts: createCartStore(database.db),
    organizations: createOrganizationDirectory(database.db),
    facts: createPurchaseFacts(database.pool),
    clock: options.clock ?? { now: () => new Date() },
    rates: {
      platformFeeBps: config.PLATFORM_FEE_BPS,
      intermediaryCommissionBps: config.INTERMEDIARY_COMMISSION_BPS,
      quoteTtlSeconds: config.QUOTE_TTL_SECONDS,
    },
    log,
  };
  const keys = createIdempotencyStore(database.db);
  const callerOf = identifyCaller(config);
  // Listening starts with the service; until then a waiting read answers at once.
  let feed: ChangeFeed | undefined;
  const changes = budgetedChanges(
    { watch: (id, timeoutMs) => feed?.watch(id, timeoutMs) },
    config.TRANSACTION_WAITS_PER_ORGANIZATION,
  );

  const service = await createService({
    name: 'trading',
    config,
    database,
    migrations: allMigrations,
    logStream: options.logStream,
    routes: (http) => {
      // Waiting reads answer first, so that the server's drain does not wait them out.
      http.addHook('preClose', async () => {
        await feed?.close();
      });
      cartRoutes(http, app, keys, callerOf);
      purchaseRoutes(http, app, keys, callerOf);
      transactionRoutes(http, app, changes, callerOf);
    },
  });

  let bus: Bus | undefined;
  let relay: Subscription | undefined;
  return {
    service,
    app,
    db: database.db,
    start: async () => {
      await service.migrate();
      bus = await createBus({
        brokers: config.KAFKA_BROKERS,
        groupPrefix: config.KAFKA_GROUP_PREFIX,
        topicPrefix: config.KAFKA_TOPIC_PREFIX,
        clientId: 'trading',
        source: 'hcts/trading',
        logger: log,
        metrics: service.metrics,
      });
      await bus.ensureTopics(
        [topics.trading, topics.catalog, topics.payments, topics.identity].map((topic) => ({
          topic,
          partitions: 3,
        })),
      );
      const producer = await bus.kafka.producer({ idempotent: true });
      const store = new PostgresEventStore(database.db as Kysely<EventStoreTables>, {
        pool: database.pool,
      });
      relay = startEventRelay({
        store,
        producer,
        topic: topics.trading,
        idleMs: config.RELAY_IDLE_MS,
        log,
        id: topics.relayId,
      });
      feed = await startChangeFeed({ url: config.DATABASE_URL, log });
      // Every committed change may carry an event to publish: the relay reads at once.
      feed.onAny(() => relay?.wake());
      // The kit closes these in this order once in-flight requests are done, then the pool.
      const consumers = bus;
      service.addCloser({ name: 'consumers', close: () => consumers.close() });
      service.addCloser({ name: 'relay', close: async () => relay?.stop() });
      service.addCloser({ name: 'relay-producer', close: () => producer.disconnect() });
      await startCatalogConsumer(bus, database.db, topics.catalog, topics.catalogGroup);
      await startPaymentsConsumer(bus, database.db, topics.payments, topics.paymentsGroup);
      await startIdentityConsumer(bus, database.db, topics.identity, topics.identityGroup);
      return service.start();
    },
    stop: () => service.stop(),
  };
}
