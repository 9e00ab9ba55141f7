import { createBus } from '@hcts/bus';
import { createMetricsRegistry, migrateToLatest } from '@hcts/kit';
import { getMigrations } from 'better-auth/db/migration';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { pino } from 'pino';
import { createAccessTokens } from './adapters/auth/access-tokens.ts';
import { ensureFirstAdmin } from './adapters/auth/first-admin.ts';
import { createIdentity } from './adapters/auth/identity.ts';
import { createAuthenticator } from './adapters/http/authenticate.ts';
import { createGuard } from './adapters/http/guard.ts';
import { startMetricsListener } from './adapters/http/metrics-listener.ts';
import { createOpenApi } from './adapters/http/openapi.ts';
import { createForwarder } from './adapters/http/proxy.ts';
import { createRateLimit } from './adapters/http/rate-limit.ts';
import { buildServer } from './adapters/http/server.ts';
import { createMailer } from './adapters/mail/mailer.ts';
import { ensureDatabase, gatewayDatabaseUrl, openDatabase } from './adapters/postgres/database.ts';
import { gatewayMigrations } from './adapters/postgres/gateway-schema.ts';
import { postgresSecurityEvents } from './adapters/postgres/security-events.ts';
import { createLimiter } from './adapters/redis/limiter.ts';
import { SecurityEventTypes } from './app/ports.ts';
import { coalesceSecurityEvents } from './app/security-event-coalescer.ts';
import type { GatewayConfig } from './config.ts';

export function createLogger(level = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({
    level,
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'req.headers["x-api-key"]',
        'res.headers["set-cookie"]',
      ],
      remove: true,
    },
    serializers: {
      // Query strings can hold one-time tokens (email verification, password reset).
      req: (req: { method: string; url: string; id: string }) => ({
        id: req.id,
        method: req.method,
        path: req.url.split('?')[0],
      }),
    },
  });
}

// What a flood of requests repeats; lockouts and unlocks are rare already (marked in Redis).
const burstKinds = new Set([
  SecurityEventTypes.loginFailed,
  SecurityEventTypes.totpReplay,
  SecurityEventTypes.rateLimited,
  SecurityEventTypes.forbidden,
  SecurityEventTypes.tokenRefused,
]);

/**
 * The composition root: opens the stores, migrates, wires identity, authorization, limits and
 * forwarding, and returns the Fastify app (not yet listening) with a way to close it all.
 */
export async function createGateway(config: GatewayConfig, log: Logger = createLogger()) {
  await ensureDatabase(config.databaseServerUrl, config.databaseName);
  const databaseUrl = gatewayDatabaseUrl(config.databaseServerUrl, config.databaseName);
  const { pool, db } = openDatabase(databaseUrl, (err) =>
    log.warn({ err }, 'idle database connection lost'),
  );
  const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 2, enableAutoPipelining: true });
  const security = coalesceSecurityEvents(
    postgresSecurityEvents(db, log, config.securityDigestSalt),
    {
      kinds: burstKinds,
      windowMs: 60_000,
      maxKeys: 1_000,
      onError: (err) => log.error({ err }, 'security event not recorded'),
    },
  );
  const limiter = createLimiter(redis, config.redisPrefix);
  const mailer = createMailer(config.mail.smtpUrl, config.mail.from, log);
  const identity = createIdentity({
    config,
    pool,
    db,
    redis,
    limiter,
    mailer,
    security,
    log,
  });

  const { runMigrations } = await getMigrations(identity.options);
  await runMigrations();
  await migrateToLatest(db, gatewayMigrations);

  const tokens = createAccessTokens(identity, {
    issuer: config.publicUrl,
    audience: config.accessToken.audience,
    ttlSeconds: config.accessToken.ttlSeconds,
  });
  await tokens.warmUp();
  await ensureFirstAdmin(identity, db, config.admin, log);

  const authenticate = createAuthenticator({
    identity,
    tokens,
    db,
    security,
    mfaRequiredRoles: config.mfaRequiredRoles,
    trustedOrigins: [new URL(config.publicUrl).origin],
  });
  const rateLimit = createRateLimit(limiter, config.rateLimit, security);
  const guard = createGuard({ authenticate, rateLimit, db, security });
  const forwarder = createForwarder(config.upstreams, {
    connectMs: config.upstreamConnectTimeoutMs,
    responseMs: config.upstreamTimeoutMs,
  });
  const openApi = createOpenApi({
    publicUrl: config.publicUrl,
    upstreams: config.upstreams,
    authSchema: () => identity.api.generateOpenAPISchema() as never,
  });
  const metrics = createMetricsRegistry('gateway');
  const { app, routes } = await buildServer({
    config,
    log,
    db,
    redis,
    identity,
    guard,
    forwarder,
    openApi,
    metrics,
  });

  const bus = config.kafkaBrokers
    ? await createBus({
        brokers: config.kafkaBrokers,
        topicPrefix: config.kafkaTopicPrefix,
        clientId: 'gateway',
        source: 'hcts/gateway',
        logger: log,
        metrics,
      })
    : undefined;
  // Known limit: without KAFKA_BROKERS events stay in the outbox until a relay runs.
  await bus?.startRelay({ db, listenUrl: databaseUrl });
  const metricsListener = await startMetricsListener(metrics, config.metrics);
  log.info({ url: metricsListener.url }, 'metrics listening');

  const close = async () => {
    await app.close();
    await metricsListener.close();
    await security.close();
    await bus?.close();
    await forwarder.close();
    redis.disconnect();
    await db.destroy();
  };
  return { app, routes, identity, db, redis, tokens, metricsUrl: metricsListener.url, close };
}
export type Gateway = Awaited<ReturnType<typeof createGateway>>;
