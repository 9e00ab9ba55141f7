import { randomBytes } from 'node:crypto';
import { databaseUrl, dropDatabase, ensureDatabases } from '@hcts/infra-local';
import { inject } from 'vitest';
import './provided-context.ts';

/** Kafka, Postgres and Redis as the global setup provided them. */
export function testInfra() {
  return inject('infra');
}

export function kafkaBrokers(): string[] {
  return testInfra().KAFKA_BROKERS.split(',');
}

/**
 * A database of its own for one test file, so that no test depends on another's data.
 * `drop()` removes it; a run that dies leaves only uniquely named databases behind.
 */
export async function createTestDatabase(label: string) {
  const server = testInfra().DATABASE_URL;
  const name = `hcts_t_${label.replace(/[^a-z0-9]/gi, '_').toLowerCase()}_${randomBytes(4).toString('hex')}`;
  await ensureDatabases(server, [name]);
  return { name, url: databaseUrl(server, name), drop: () => dropDatabase(server, name) };
}

/** A name no other test uses: for topics, consumer groups and stream ids. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
}
