import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';

/** Bigint columns (money) as exact numbers; a value beyond 2^53 - 1 is refused, not rounded. */
function parseSafeBigint(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new Error('bigint beyond the safe integer range');
  return value;
}

export interface CatalogDatabase {
  db: Kysely<unknown>;
  close(): Promise<void>;
}

export function connectCatalogDatabase(url: string, poolMax = 5): CatalogDatabase {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolMax,
    statement_timeout: 60_000,
    application_name: 'hcts-catalog',
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === 20
          ? parseSafeBigint
          : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  pool.on('error', () => {});
  const db = new Kysely<unknown>({ dialect: new PostgresDialect({ pool }) });
  return { db, close: () => db.destroy() };
}
