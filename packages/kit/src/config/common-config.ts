import { isIP } from 'node:net';
import { z } from 'zod';

export const LogLevels = Object.freeze({
  fatal: 'fatal',
  error: 'error',
  warn: 'warn',
  info: 'info',
  debug: 'debug',
  trace: 'trace',
  silent: 'silent',
} as const);
export type LogLevel = (typeof LogLevels)[keyof typeof LogLevels];

const booleanVar = z.enum(['true', 'false']).transform((value) => value === 'true');

/** A TCP port; services give their own default from infra/stack.json. */
export function portVar(defaultPort: number) {
  return z.coerce.number().int().min(0).max(65_535).default(defaultPort);
}

/** What Fastify's `trustProxy` gets from TRUST_PROXY: off, or the trusted addresses. */
export type TrustProxy = false | string[];

function isAddressOrCidr(entry: string): boolean {
  const [address = '', bits, extra] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || extra !== undefined) return false;
  if (bits === undefined) return true;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
}

/**
 * TRUST_PROXY: which peers may name the client in X-Forwarded-For. Unset or `false` trusts none
 * (the peer is the client). A service behind the gateway lists the gateway's addresses, e.g.
 * `127.0.0.1` or `10.0.0.0/8,::1`. `true` (trust any peer) is refused: anyone reaching the
 * port could then pick their own address and dodge a rate limit.
 */
export const trustProxyVar = z
  .string()
  .trim()
  .default('false')
  .transform((value, ctx): TrustProxy => {
    if (value === 'false' || value === '') return false;
    const entries = value.split(',').map((entry) => entry.trim());
    if (entries.every(isAddressOrCidr)) return entries;
    ctx.addIssue({ code: 'custom', message: 'false, or comma-separated IPs/CIDRs' });
    return z.NEVER;
  });

/** Variables every service reads. Spread into a service's own `z.object({...})`. */
export const baseConfig = {
  SERVICE_NAME: z.string().regex(/^[a-z][a-z0-9-]{1,40}$/, 'lowercase name, e.g. trading'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: portVar(3000),
  LOG_LEVEL: z.enum(Object.values(LogLevels) as [LogLevel, ...LogLevel[]]).default('info'),
  TRUST_PROXY: trustProxyVar,
  /** Standard OpenTelemetry switches; telemetry is off unless an exporter is named. */
  OTEL_SDK_DISABLED: booleanVar.default(false),
  OTEL_TRACES_EXPORTER: z.string().default('none'),
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url().optional(),
  OTEL_SERVICE_NAME: z.string().min(1).optional(),
};

const postgresUrl = z.url({ protocol: /^postgres(ql)?$/, error: 'a postgres:// URL' });

export const databaseConfig = {
  DATABASE_URL: postgresUrl,
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(100).default(10),
  DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).default(15_000),
};

/** A prefix of Kafka names: characters a topic name may hold, empty by default. */
const kafkaPrefix = z
  .string()
  .regex(/^[A-Za-z0-9._-]{0,100}$/, "up to 100 letters, digits, '.', '_' and '-'")
  .default('');

export const kafkaConfig = {
  KAFKA_BROKERS: z
    .string()
    .regex(/^[^,\s]+:\d+(,[^,\s]+:\d+)*$/, 'comma-separated host:port list')
    .transform((value) => value.split(',')),
  /** Prefix of the service's consumer group ids, so two platforms can share one broker. */
  KAFKA_GROUP_PREFIX: kafkaPrefix,
  /** Prefix of the topics the service reads and writes (its own set on a shared broker). */
  KAFKA_TOPIC_PREFIX: kafkaPrefix,
};

export const redisConfig = {
  REDIS_URL: z.url({ protocol: /^rediss?$/, error: 'a redis:// URL' }),
};
