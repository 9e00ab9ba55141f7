import { join } from 'node:path';
import { brokerStatus, startKafkaBroker, stopKafkaBroker } from './kafka-broker.ts';
import { cacheDir, stateDir } from './paths.ts';
import { checkPostgres, defaultDatabaseUrl, ensureDatabases } from './postgres.ts';
import { checkRedis, defaultRedisUrl } from './redis.ts';
import { databaseName, serviceNames, stack } from './stack.ts';

/** Where the platform's infrastructure answers; the same variable names everywhere. */
export interface Endpoints {
  KAFKA_BROKERS: string;
  DATABASE_URL: string;
  REDIS_URL: string;
}

export interface LocalInfra {
  endpoints: Endpoints;
  /** Stops what this call started (nothing when everything came from variables). */
  stop(): Promise<void>;
}

export const kafkaDir = join(stateDir, 'kafka');

export function kafkaPorts(env = process.env) {
  const port = Number(env.KAFKA_PORT ?? stack.kafka.port);
  return { port, controllerPort: Number(env.KAFKA_CONTROLLER_PORT ?? port + 1) };
}

/**
 * Makes the infrastructure answer: Kafka from KAFKA_BROKERS or a local broker started from
 * Maven Central's jars, Postgres from DATABASE_URL or 127.0.0.1:5432, Redis from REDIS_URL or
 * 127.0.0.1:6379. Creates one database per service (with `databasePrefix`) when missing.
 */
export async function ensureLocalInfra(options: {
  databasePrefix?: string;
  log?: (line: string) => void;
}): Promise<LocalInfra> {
  const log = options.log ?? (() => {});
  const databaseUrl = process.env.DATABASE_URL ?? defaultDatabaseUrl;
  const redisUrl = process.env.REDIS_URL ?? defaultRedisUrl;

  await checkPostgres(databaseUrl);
  const names = serviceNames.map((name) => databaseName(name, options.databasePrefix));
  await ensureDatabases(databaseUrl, names);
  log(`postgres ready, databases: ${names.join(', ')}`);
  await checkRedis(redisUrl);
  log('redis ready');

  if (process.env.KAFKA_BROKERS) {
    log(`kafka from KAFKA_BROKERS: ${process.env.KAFKA_BROKERS}`);
    const endpoints = {
      KAFKA_BROKERS: process.env.KAFKA_BROKERS,
      DATABASE_URL: databaseUrl,
      REDIS_URL: redisUrl,
    };
    return { endpoints, stop: async () => {} };
  }

  const started = Date.now();
  const broker = await startKafkaBroker({ ...kafkaPorts(), dir: kafkaDir, cacheDir, log });
  const verb = broker.started ? `started in ${Date.now() - started} ms` : 'already running, reused';
  log(`kafka ${verb} on ${broker.brokers.join(',')}`);

  return {
    endpoints: {
      KAFKA_BROKERS: broker.brokers.join(','),
      DATABASE_URL: databaseUrl,
      REDIS_URL: redisUrl,
    },
    stop: async () => {
      if (broker.started) await stopKafkaBroker(kafkaDir);
    },
  };
}

export { brokerStatus };
