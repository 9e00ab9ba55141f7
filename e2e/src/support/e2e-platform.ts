import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '@hcts/infra-local';
import { testInfra } from '@hcts/test-harness';
import { enableTotp, type Member, signInMember } from '../../../scripts/demo/accounts.ts';
import { randomSecrets } from '../../../scripts/demo/secrets.ts';
import {
  freePorts,
  launchPlatform,
  type RunningPlatform,
} from '../../../scripts/lib/start-platform.ts';
import { type SpanCollector, startSpanCollector } from './span-collector.ts';

export interface E2ePlatform extends RunningPlatform {
  /** The first admin, signed in with the operator organization active. */
  admin: Member;
  adminLogin: { email: string; password: string };
  spans: SpanCollector;
  logDir: string;
  /** Its Kafka topics are named with it on the broker, and dropped when it stops. */
  topicPrefix: string;
}

/**
 * Tracing as an operator turns it on: an OTLP exporter named, so that the launcher loads the
 * kit's telemetry hook into every service.
 */
function tracingEnv(tracesUrl: string): Record<string, string> {
  return {
    OTEL_TRACES_EXPORTER: 'otlp',
    OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/json',
    OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: tracesUrl,
    OTEL_BSP_SCHEDULE_DELAY: '200',
  };
}

/**
 * The whole platform for one end-to-end run, through the same launcher as `npm start`: fresh
 * databases, free ports, a Redis database of its own, Kafka topics and consumer groups of its own
 * (prefixed), fresh secrets, and tracing exported to an
 * in-test collector when `tracing` is on (off
 * by default, as in production without OTEL_* variables). Limits meant for people are raised: the
 * suite signs in many accounts.
 */
export async function startE2ePlatform(options: { tracing?: boolean } = {}): Promise<E2ePlatform> {
  const infra = testInfra();
  const tag = randomBytes(4).toString('hex');
  const spans = await startSpanCollector();
  const logDir = join(repoRoot, '.artifacts', 'e2e', tag);
  mkdirSync(logDir, { recursive: true });
  const redis = new URL(infra.REDIS_URL);
  redis.pathname = `/${1 + ((randomBytes(1)[0] ?? 0) % 15)}`;
  const adminLogin = { email: `admin-${tag}@e2e.hcts.local`, password: `e2e-admin-${tag}-pw` };
  const topicPrefix = `e2e-${tag}.`;

  const platform = await launchPlatform({
    endpoints: { ...infra, REDIS_URL: redis.toString() },
    databasePrefix: `hcts_t_e2e_${tag}_`,
    ports: await freePorts(),
    secrets: randomSecrets(),
    logDir,
    dropDatabasesOnStop: true,
    log: (line) => process.stdout.write(`e2e: ${line}\n`),
    extraEnv: {
      HCTS_ADMIN_EMAIL: adminLogin.email,
      HCTS_ADMIN_PASSWORD: adminLogin.password,
      AUTH_RATE_LIMIT: 'off',
      AUTH_POST_ADDRESS_PER_MINUTE: '100000',
      RATE_LIMIT_PER_MINUTE: '100000',
      RATE_LIMIT_ADDRESS_PER_MINUTE: '100000',
      CERTIFICATES_VERIFY_RATE_LIMIT_PER_MINUTE: '100000',
      PASSWORD_SCRYPT_LOG_N: '10',
      // Kafka names of its own: its consumer groups and topics are not another platform's on the
      // shared broker, and it starts from empty topics instead of every earlier run's events.
      KAFKA_GROUP_PREFIX: topicPrefix,
      KAFKA_TOPIC_PREFIX: topicPrefix,
      ...(options.tracing ? tracingEnv(spans.tracesUrl) : {}),
    },
  });

  const admin = await signInMember(platform.gatewayUrl, adminLogin.email, adminLogin.password)
    .then(async (signedIn) => ({ ...signedIn, totpUri: await enableTotp(signedIn) }))
    .catch(async (error: unknown) => {
      await platform.stop();
      throw error;
    });
  let stopped = false;
  return {
    ...platform,
    admin,
    adminLogin,
    spans,
    logDir,
    topicPrefix,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await platform.stop();
      await spans.close();
    },
  };
}
