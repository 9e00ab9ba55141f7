import { type Bus, createBus, createOutbox } from '@hcts/bus';
import { createDatabase, createService, type Database, type Service } from '@hcts/kit';
import pino, { type Logger } from 'pino';
import { configuredGateways } from './adapters/gateways/configured-gateways.ts';
import { identifyCaller } from './adapters/http/caller.ts';
import { paymentRoutes } from './adapters/http/payment-routes.ts';
import { webhookRoute } from './adapters/http/webhook-route.ts';
import {
  defaultTopics,
  type PaymentsTopics,
  startTradingConsumer,
} from './adapters/kafka/trading-consumer.ts';
import { prometheusSweepMetrics } from './adapters/metrics/prometheus-sweep-metrics.ts';
import { allMigrations } from './adapters/postgres/migrations.ts';
import { createPaymentsReader } from './adapters/postgres/postgres-payments-reader.ts';
import { createPaymentsStore } from './adapters/postgres/postgres-payments-store.ts';
import { postgresSecurityEvents } from './adapters/postgres/postgres-security-events.ts';
import { type Authorizer, startAuthorizer } from './app/authorizer.ts';
import { coalescedSecurityEvents } from './app/coalesced-security-events.ts';
import { GatewayRegistry } from './app/gateway-registry.ts';
import type { PaymentsApp } from './app/payments-app.ts';
import type { PaymentGateway } from './app/ports/payment-gateway.ts';
import type { SecurityEvents } from './app/ports/security-events.ts';
import type { SweepMetrics } from './app/sweep-stale-intents.ts';
import { startSweeper } from './app/sweeper.ts';
import type { PaymentsConfig } from './config.ts';

export interface PaymentsServiceOptions {
  config: PaymentsConfig;
  /** Gateways to use instead of those the configuration names (tests give their own). */
  gateways?: PaymentGateway[];
  /** Topics and consumer group; tests give unique ones so that runs never meet. */
  topics?: PaymentsTopics;
  logStream?: NodeJS.WritableStream;
}

export interface PaymentsService {
  service: Service;
  app: PaymentsApp;
  db: Database<unknown>['db'];
  start(): Promise<{ url: string }>;
  stop(): Promise<void>;
}

/**
 * The composition root: database, HTTP routes, outbox relay, trading consumer, the
 * authorizer and the sweep of stale intents. `start()` migrates, then starts consuming and
 * listening.
 */
export async function buildPaymentsService(
  options: PaymentsServiceOptions,
): Promise<PaymentsService> {
  const { config } = options;
  const log: Logger = pino({ level: config.LOG_LEVEL, base: { service: 'payments' } });
  const database = createDatabase<unknown>({
    url: config.DATABASE_URL,
    poolMax: config.DATABASE_POOL_MAX,
    statementTimeoutMs: config.DATABASE_STATEMENT_TIMEOUT_MS,
    applicationName: 'hcts-payments',
  });
  const outbox = createOutbox({ source: 'hcts/payments' });
  const topics = options.topics ?? defaultTopics;
  const gateways = options.gateways ?? configuredGateways(config);
  const security = coalescedSecurityEvents(
    postgresSecurityEvents(database.db, outbox, {
      salt: config.SECURITY_DIGEST_SALT,
      topic: topics.payments,
    }),
    {
      windowMs: 60_000,
      maxKeys: 1_000,
      onError: (err) => log.error({ err }, 'security event not recorded'),
    },
  );
  const app = {
    store: createPaymentsStore(database.db, outbox, topics.payments),
    reader: createPaymentsReader(database.db),
    registry: new GatewayRegistry(gateways, config.PAYMENTS_GATEWAYS),
    security: security as SecurityEvents,
    log,
  } as PaymentsApp;

  const service = await createService({
    name: 'payments',
    config,
    database,
    migrations: allMigrations,
    logStream: options.logStream,
    routes: async (http) => {
      paymentRoutes(http, app, identifyCaller(config));
      await webhookRoute(http, app);
    },
  });
  const sweepMetrics = prometheusSweepMetrics(service.metrics);

  let bus: Bus | undefined;
  let authorizer: Authorizer | undefined;
  return {
    service,
    app,
    db: database.db,
    start: async () => {
      await service.migrate();
      authorizer = startAuthorizer({
        ...app,
        waiting: (limit) => app.reader.waitingForGateway(limit),
        intervalMs: config.AUTHORIZER_INTERVAL_MS,
      });
      app.authorizer = authorizer;
      bus = await createBus({
        brokers: config.KAFKA_BROKERS,
        groupPrefix: config.KAFKA_GROUP_PREFIX,
        topicPrefix: config.KAFKA_TOPIC_PREFIX,
        clientId: 'payments',
        source: 'hcts/payments',
        logger: log,
        metrics: service.metrics,
      });
      await bus.startRelay({ db: database.db, listenUrl: config.DATABASE_URL });
      await ensureTopics(bus, topics);
      await startTradingConsumer(bus, database.db, app, outbox, topics);
      const sweeper = startStaleIntentSweeper(app, config, sweepMetrics);
      // The kit closes these in this order once in-flight requests are done, then the pool.
      const started = { authorizer, bus };
      service.addCloser({ name: 'authorizer', close: () => started.authorizer.stop() });
      service.addCloser({ name: 'sweeper', close: () => sweeper.stop() });
      service.addCloser({ name: 'security-events', close: () => security.close() });
      service.addCloser({ name: 'bus', close: () => started.bus.close() });
      return service.start();
    },
    stop: () => service.stop(),
  };
}

/** Looks at gateways for intents whose webhook never came; a lost webhook must not hang money. */
function startStaleIntentSweeper(app: PaymentsApp, config: PaymentsConfig, metrics: SweepMetrics) {
  return startSweeper({
    ...app,
    metrics,
    intervalMs: config.PAYMENTS_SWEEP_INTERVAL_MS,
    afterMs: config.PAYMENTS_SWEEP_AFTER_MS,
    batch: config.PAYMENTS_SWEEP_BATCH,
    firstBackoffMs: config.PAYMENTS_SWEEP_INTERVAL_MS,
    maxBackoffMs: config.PAYMENTS_SWEEP_MAX_BACKOFF_MS,
  });
}

/**
 * Creates the topics when missing. Right after creation a broker may still answer that it
 * does not host a partition (its metadata lags, more so with many topics created at once),
 * so a few attempts are made before giving up.
 */
async function ensureTopics(bus: Bus, topics: PaymentsTopics): Promise<void> {
  const specs = [
    { topic: topics.trading, partitions: 3 },
    { topic: topics.payments, partitions: 3 },
  ];
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await bus.ensureTopics(specs);
    } catch (error) {
      if (attempt === 5) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250 * attempt));
    }
  }
}
