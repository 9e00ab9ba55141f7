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

/** Variables every service reads. Spread into a service's own `z.object({...})`. */
export const baseConfig = {
  SERVICE_NAME: z.string().regex(/^[a-z][a-z0-9-]{1,40}$/, 'lowercase name, e.g. trading'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: portVar(3000),
  LOG_LEVEL: z.enum(Object.values(LogLevels) as [LogLevel, ...LogLevel[]]).default('info'),
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

export const kafkaConfig = {
  KAFKA_BROKERS: z
    .string()
    .regex(/^[^,\s]+:\d+(,[^,\s]+:\d+)*$/, 'comma-separated host:port list')
    .transform((value) => value.split(',')),
};

export const redisConfig = {
  REDIS_URL: z.url({ protocol: /^rediss?$/, error: 'a redis:// URL' }),
};
