import type { Kysely } from 'kysely';
import { type Migration, Migrator } from 'kysely/migration';
import * as icd11 from './migrations/0001-icd11.ts';

/** The catalog's migrations, applied in name order. */
export const catalogMigrations: Readonly<Record<string, Migration>> = Object.freeze({
  '0001-icd11': icd11,
});

/** Brings the catalog database to the latest schema under kysely's migration lock. */
export async function migrateCatalog(db: Kysely<unknown>): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => ({ ...catalogMigrations }) },
    migrationTableName: 'catalog_migration',
    migrationLockTableName: 'catalog_migration_lock',
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error !== undefined) throw new Error('catalog migration failed', { cause: error });
  return (results ?? []).map((result) => result.migrationName);
}
