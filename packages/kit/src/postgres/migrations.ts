import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Kysely } from 'kysely';
import type { Migration, MigrationResult } from 'kysely/migration';
import { Migrator } from 'kysely/migration';

export type { Migration } from 'kysely/migration';

/** Migrations by name (applied in name order), or a folder of migration modules. */
export type MigrationSource = Readonly<Record<string, Migration>> | { folder: string };

const moduleFile = /^[^.].*\.(ts|js|mjs)$/;
const testFile = /\.test\.(ts|js|mjs)$/;

function isFolder(source: MigrationSource): source is { folder: string } {
  return typeof (source as { folder?: unknown }).folder === 'string';
}

/** Each module of the folder exports `up` (and optionally `down`); its file name is its name. */
async function migrationsOf(source: MigrationSource): Promise<Record<string, Migration>> {
  if (!isFolder(source)) return { ...source };

  const folder = source.folder;
  const files = (await readdir(folder)).filter((f) => moduleFile.test(f) && !testFile.test(f));
  const entries = await Promise.all(
    files.map(async (file) => {
      const module = (await import(pathToFileURL(join(folder, file)).href)) as Migration;
      return [file.replace(/\.(ts|js|mjs)$/, ''), module] as const;
    }),
  );
  return Object.fromEntries(entries);
}

function migratorOf<DB>(db: Kysely<DB>, migrations: Record<string, Migration>): Migrator {
  return new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    migrationTableName: 'kit_migration',
    migrationLockTableName: 'kit_migration_lock',
    // A service's list mixes sources (the bus's tables, its own); a later migration of one
    // source may sort before what another already ran, and that must not stop the service.
    allowUnorderedMigrations: true,
  });
}

export interface MigrationReport {
  applied: string[];
}

/**
 * Brings the schema to the latest migration, each in its own transaction under kysely's lock
 * (two instances starting at once do not race). Throws the failing migration's error.
 */
export async function migrateToLatest<DB>(
  db: Kysely<DB>,
  source: MigrationSource,
): Promise<MigrationReport> {
  const migrator = migratorOf(db, await migrationsOf(source));
  const { error, results } = await migrator.migrateToLatest();
  return reportOrThrow(error, results);
}

/** Undoes the last applied migration; for development and for testing a migration's down. */
export async function migrateDown<DB>(
  db: Kysely<DB>,
  source: MigrationSource,
): Promise<MigrationReport> {
  const migrator = migratorOf(db, await migrationsOf(source));
  const { error, results } = await migrator.migrateDown();
  return reportOrThrow(error, results);
}

function reportOrThrow(error: unknown, results: MigrationResult[] | undefined): MigrationReport {
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`migration ${failed} failed`, { cause: error });
  }
  return { applied: (results ?? []).map((r) => r.migrationName) };
}
