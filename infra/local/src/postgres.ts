import pg from 'pg';
import { InfraError } from './infra-error.ts';

export const defaultDatabaseUrl = 'postgres://postgres@127.0.0.1:5432/postgres';

/** The URL of one database on the server that `serverUrl` points at. */
export function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

export async function checkPostgres(serverUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.query('select 1');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new InfraError(
      `Postgres is not answering at ${redact(serverUrl)} (${reason}). Start it, e.g. ` +
        `'pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start', ` +
        'or set DATABASE_URL.',
    );
  } finally {
    await client.end().catch(() => {});
  }
}

/** Creates each database that does not exist yet; safe when several callers race. */
export async function ensureDatabases(serverUrl: string, names: readonly string[]): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    for (const name of names) {
      if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new InfraError(`bad database name '${name}'`);
      const found = await client.query('select 1 from pg_database where datname = $1', [name]);
      if (found.rowCount) continue;
      await client.query(`create database "${name}"`).catch((error: { code?: string }) => {
        if (error.code !== '42P04' && error.code !== '23505') throw error;
      });
    }
  } finally {
    await client.end();
  }
}

/**
 * Drops a database once its own clients have gone: a pool's `end()` resolves before its sockets
 * close, and forcing the drop earlier surfaces 57P01 errors in the pool that is still closing.
 * After `graceMs` the drop is forced all the same.
 */
export async function dropDatabase(
  serverUrl: string,
  name: string,
  graceMs = 5_000,
): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const deadline = Date.now() + graceMs;
    while (Date.now() < deadline) {
      const { rows } = await client.query(
        `select count(*)::int as n from pg_stat_activity
         where datname = $1 and pid <> pg_backend_pid()`,
        [name],
      );
      if (rows[0]?.n === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await client.query(`drop database if exists "${name}" with (force)`);
  } finally {
    await client.end();
  }
}

/** Hides a password in a URL before it is printed. */
export function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparsable URL)';
  }
}
