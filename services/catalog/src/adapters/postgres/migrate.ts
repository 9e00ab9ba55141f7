import { busMigrations } from '@hcts/bus';
import { migrateToLatest } from '@hcts/kit';
import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import * as icd11 from './migrations/0001-icd11.ts';
import * as services from './migrations/0002-services.ts';

/** The catalog's migrations and the bus's outbox and inbox tables, applied in name order. */
export const catalogMigrations: Readonly<Record<string, Migration>> = Object.freeze({
  ...busMigrations,
  '0001-icd11': icd11,
  '0002-services': services,
});

export async function migrateCatalog(db: Kysely<unknown>): Promise<string[]> {
  const report = await migrateToLatest(db, catalogMigrations);
  return report.applied;
}
