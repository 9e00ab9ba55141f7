import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { CertificatesDatabase } from './schema.ts';

export type Database = Kysely<CertificatesDatabase>;

export function openDatabase(url: string, maxConnections = 10): Database {
  const pool = new pg.Pool({ connectionString: url, max: maxConnections });
  return new Kysely<CertificatesDatabase>({ dialect: new PostgresDialect({ pool }) });
}
