import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { MigrationReport, MigrationSource } from './migrations.ts';
import { migrateToLatest } from './migrations.ts';
import { safeTypes } from './safe-bigint.ts';

export interface DatabaseOptions {
  url: string;
  /** Connections per process; a service's handlers rarely need more than a few at once. */
  poolMax?: number;
  /** Server-side limit per statement, so a runaway query cannot hold a connection forever. */
  statementTimeoutMs?: number;
  /** How long a caller waits for a free connection before failing. */
  connectionTimeoutMs?: number;
  /** Shown in pg_stat_activity, to tell the services' connections apart. */
  applicationName?: string;
}

/** What the service bootstrap needs of a database, whatever its tables. */
export interface DatabaseHandle {
  /** A readiness check: one round trip to the server. */
  ping(): Promise<void>;
  /** Applies pending migrations (see migrations.ts). */
  migrate(source: MigrationSource): Promise<MigrationReport>;
  /** Ends every connection; idempotent. */
  close(): Promise<void>;
}

export interface Database<DB> extends DatabaseHandle {
  db: Kysely<DB>;
  pool: pg.Pool;
}

/**
 * A kysely instance over a pg pool with the platform's settings: bounded pool, statement
 * timeout, and bigint columns as exact numbers (see safe-bigint.ts).
 */
export function createDatabase<DB>(options: DatabaseOptions): Database<DB> {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolMax ?? 10,
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: options.connectionTimeoutMs ?? 5_000,
    statement_timeout: options.statementTimeoutMs ?? 15_000,
    application_name: options.applicationName ?? 'hcts',
    types: safeTypes,
  });
  // A connection that loses its server (a restart, a failover, an operator's terminate) emits
  // 'error': on the pool while idle, on the client itself while a caller holds it between
  // queries (a relay's leader connection). Without a listener either kills the process; with
  // one, the holder's next query fails and the pool drops the connection when it comes back.
  pool.on('error', () => {});
  pool.on('connect', (client) => client.on('error', () => {}));

  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  let closed: Promise<void> | undefined;

  return {
    db,
    pool,
    ping: async () => {
      await sql`select 1`.execute(db);
    },
    migrate: (source) => migrateToLatest(db, source),
    close: () => {
      closed ??= db.destroy();
      return closed;
    },
  };
}
