import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';

/** The gateway's database URL: the server of DATABASE_URL with the gateway's database name. */
export function gatewayDatabaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** Creates the gateway's database when it is missing (a fresh machine, a test run). */
export async function ensureDatabase(serverUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (found.rowCount === 0) {
      // The name is checked against ^[a-z0-9_]+$ by the config schema, so quoting suffices.
      await client.query(`create database "${database}"`).catch((error: { code?: string }) => {
        if (error.code !== '42P04') throw error;
      });
    }
  } finally {
    await client.end();
  }
}

export function openDatabase(url: string, onIdleError: (error: Error) => void) {
  const pool = new pg.Pool({ connectionString: url, max: 20 });
  // An idle connection the server ends (restart, failover) must not crash the process; the
  // pool drops it and opens a new one on demand.
  pool.on('error', onIdleError);
  // The same for a connection a caller holds between queries: its next query fails instead.
  pool.on('connect', (client) => client.on('error', onIdleError));
  const db = new Kysely<unknown>({ dialect: new PostgresDialect({ pool }) });
  return { pool, db };
}
