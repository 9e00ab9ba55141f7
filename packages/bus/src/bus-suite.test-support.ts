// The setup every integration test file of this package shares: a migrated database of its
// own and a bus on the test broker, opened before the file's tests and closed after them.
import { createTestDatabase, kafkaBrokers, uniqueName } from '@hcts/test-harness';
import { afterAll, beforeAll } from 'vitest';
import { type Bus, createBus } from './bus.ts';
import type { AnyDatabase } from './db.ts';
import { closeDatabase, openMigrated, quietLogger } from './test-support.ts';

export interface BusSuite {
  database: Awaited<ReturnType<typeof createTestDatabase>>;
  db: AnyDatabase;
  bus: Bus;
}

/** Registers the file's hooks; the fields are set once `beforeAll` has run. */
export function useBusSuite(label: string, options: { poolSize?: number } = {}): BusSuite {
  const suite = {} as BusSuite;

  beforeAll(async () => {
    suite.database = await createTestDatabase(label);
    suite.db = await openMigrated(suite.database.url, options.poolSize);
    suite.bus = await createBus({
      brokers: kafkaBrokers(),
      clientId: uniqueName(label),
      source: 'hcts/bus-test',
      logger: quietLogger,
    });
  });

  afterAll(async () => {
    await suite.bus?.close();
    if (suite.db) await closeDatabase(suite.db, suite.database.url);
    await suite.database?.drop();
  });

  return suite;
}
