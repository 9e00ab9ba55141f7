import { createAccessTokenVerifier } from '@hcts/auth';
import { type Bus, createBus } from '@hcts/bus';
import { scopeOf, Topics } from '@hcts/contracts';
import { createService, type Service } from '@hcts/kit';
import type { JSONWebKeySet } from 'jose';
import { compactVerify, type createLocalJWKSet } from 'jose';
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import { SignedTypes } from '../domain/certificate-document.ts';
import { composeCertificates } from './compose.ts';
import type { KeyRing } from './crypto/key-ring.ts';
import { SignedDocumentCache } from './crypto/signed-document-cache.ts';
import { registerAdminRoutes } from './http/admin-routes.ts';
import { registerCertificateRoutes } from './http/certificate-routes.ts';
import type { HttpDeps } from './http/http-deps.ts';
import { registerPublicRoutes } from './http/public-routes.ts';
import { tradingHandlers } from './kafka/trading-handlers.ts';
import { migrations } from './postgres/migrations.ts';

export const consumerGroup = 'certificates';

export interface BuildOptions {
  /** A fixed key set for access tokens instead of the gateway's URL (tests). */
  authJwks?: JSONWebKeySet;
  /** False leaves Kafka alone: HTTP only (benchmarks of the verify endpoint). */
  kafka?: boolean;
  logStream?: NodeJS.WritableStream;
  /** Tests consume from a topic and group of their own. */
  tradingTopic?: string;
  consumerGroup?: string;
}

/** The whole service: HTTP, the trading consumer, the outbox relay, the checkpoint timer. */
export async function buildCertificatesService(config: Config, options: BuildOptions = {}) {
  const core = await composeCertificates({
    databaseUrl: config.DATABASE_URL,
    databasePoolMax: config.DATABASE_POOL_MAX,
    kek: config.CERTIFICATES_KEK,
    issuer: {
      id: config.PUBLIC_BASE_URL,
      name: config.CERTIFICATES_ISSUER_NAME,
      validityDays: config.CERTIFICATES_VALIDITY_DAYS,
    },
    logOrigin: config.CERTIFICATES_LOG_ORIGIN,
    onSequencerError: (err) => service.app.log.warn({ err }, 'log sequencing failed'),
  });
  const http = httpDeps(config, core, options);

  const service: Service = await createService({
    name: 'certificates',
    config,
    database: core.database,
    migrations,
    routes: async (app) => {
      await registerPublicRoutes(app, http);
      registerCertificateRoutes(app, http);
      registerAdminRoutes(app, http);
    },
    ...(options.logStream ? { logStream: options.logStream } : {}),
  });

  core.sequencer.start(config.CERTIFICATES_SEQUENCE_INTERVAL_MS);
  const timer = setInterval(() => {
    core.app
      .signCheckpoint()
      .catch((err: unknown) => service.app.log.warn({ err }, 'checkpoint failed'));
  }, config.CERTIFICATES_CHECKPOINT_INTERVAL_MS);
  timer.unref();

  let bus: Bus | undefined;
  if (options.kafka !== false) {
    bus = await startMessaging(config, core, service, options);
  }
  service.addCloser({ name: 'checkpoints', close: () => clearInterval(timer) });
  service.addCloser({ name: 'sequencer', close: () => core.sequencer.stop() });
  return { service, core, bus };
}

async function startMessaging(
  config: Config,
  core: Awaited<ReturnType<typeof composeCertificates>>,
  service: Service,
  options: BuildOptions,
): Promise<Bus> {
  const tradingTopic = options.tradingTopic ?? Topics.trading;
  const bus = await createBus({
    brokers: config.KAFKA_BROKERS,
    groupPrefix: config.KAFKA_GROUP_PREFIX,
    topicPrefix: config.KAFKA_TOPIC_PREFIX,
    clientId: 'certificates',
    source: 'hcts/certificates',
    logger: service.app.log as unknown as Logger,
    metrics: service.metrics,
  });
  await bus.ensureTopics([
    { topic: tradingTopic, partitions: 3 },
    { topic: Topics.certificates, partitions: 3 },
  ]);
  await bus.startRelay({ db: core.database.db, listenUrl: config.DATABASE_URL });
  await bus.consumer({
    group: options.consumerGroup ?? consumerGroup,
    topics: [tradingTopic],
    // Partitions are handled side by side: issuance does not queue on the log's lock, so
    // their commits overlap (and Postgres groups their flushes).
    partitionsConcurrently: config.CERTIFICATES_CONSUMER_CONCURRENCY,
    db: core.database.db,
    handlers: tradingHandlers(core),
  });
  // Closers run in order before the database (closed last by the kit).
  service.addCloser({ name: 'bus', close: () => bus.close() });
  return bus;
}

function httpDeps(
  config: Config,
  core: Awaited<ReturnType<typeof composeCertificates>>,
  options: BuildOptions,
): HttpDeps {
  const verifyToken = createAccessTokenVerifier({
    issuer: config.AUTH_ISSUER,
    audience: config.AUTH_AUDIENCE,
    ...(options.authJwks ? { jwks: options.authJwks } : { jwksUrl: config.AUTH_JWKS_URL }),
  });

  const opened = new SignedDocumentCache<{ validUntil?: string }>();

  return {
    app: core.app,
    issue: core.deps,
    read: { store: core.store, scopeOf: (caller) => scopeOf(caller.role, 'certificates', 'read') },
    verify: {
      store: core.store,
      now: () => new Date(),
      openSigned: (id, jws) => opened.get(id, () => openWithReload(core.keys, jws)),
    },
    keys: core.keys,
    verifyToken,
    publicBaseUrl: config.PUBLIC_BASE_URL,
    verifyRateLimitPerMinute: config.CERTIFICATES_VERIFY_RATE_LIMIT_PER_MINUTE,
  };
}

/**
 * Another instance may have rotated the key since this one loaded: on a failed check the keys
 * are reloaded once and the check repeated, so that new certificates never read as unknown.
 */
async function openWithReload(keys: KeyRing, jws: string) {
  const first = await openCertificate(keys.keySet(), jws);
  if (first) return first;
  await keys.load();
  return openCertificate(keys.keySet(), jws);
}

async function openCertificate(keys: ReturnType<typeof createLocalJWKSet>, jws: string) {
  try {
    const { payload, protectedHeader } = await compactVerify(jws, keys, {
      algorithms: ['EdDSA'],
    });
    if (protectedHeader.typ !== SignedTypes.certificate) return undefined;
    return JSON.parse(new TextDecoder().decode(payload)) as { validUntil?: string };
  } catch {
    return undefined;
  }
}
