import { createTestDatabase } from '@hcts/test-harness';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createService } from '../http/create-service.ts';
import type { Database } from './create-database.ts';
import { createDatabase } from './create-database.ts';
import type { Migration } from './migrations.ts';
import { migrateDown, migrateToLatest } from './migrations.ts';
import { UnsafeBigintError } from './safe-bigint.ts';

interface Tables {
  ledger_line: { id: string; amount_minor: number; amounts: number[] | null };
}

const migrations: Record<string, Migration> = {
  '0001_ledger_line': {
    up: async (db) => {
      await db.schema
        .createTable('ledger_line')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('amount_minor', 'bigint', (c) => c.notNull())
        .execute();
    },
    down: async (db) => {
      await db.schema.dropTable('ledger_line').execute();
    },
  },
  '0002_amounts': {
    up: async (db) => {
      await db.schema.alterTable('ledger_line').addColumn('amounts', sql`bigint[]`).execute();
    },
    down: async (db) => {
      await db.schema.alterTable('ledger_line').dropColumn('amounts').execute();
    },
  },
};

describe('createDatabase and migrations', () => {
  let testDb: Awaited<ReturnType<typeof createTestDatabase>>;
  let database: Database<Tables>;

  beforeAll(async () => {
    testDb = await createTestDatabase('kit_pg');
    database = createDatabase<Tables>({ url: testDb.url, poolMax: 2, statementTimeoutMs: 500 });
  });

  afterAll(async () => {
    await database.close();
    await testDb.drop();
  });

  it('applies migrations in name order, once', async () => {
    const first = await migrateToLatest(database.db, migrations);
    const second = await migrateToLatest(database.db, migrations);

    expect(first.applied).toEqual(['0001_ledger_line', '0002_amounts']);
    expect(second.applied).toEqual([]);
  });

  it('round-trips bigint amounts as exact numbers, arrays included', async () => {
    const id = crypto.randomUUID();
    const max = Number.MAX_SAFE_INTEGER;
    await database.db
      .insertInto('ledger_line')
      .values({ id, amount_minor: max, amounts: [-max, 0, 42] })
      .execute();

    const row = await database.db
      .selectFrom('ledger_line')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();

    expect(row).toEqual({ id, amount_minor: max, amounts: [-max, 0, 42] });
    expect(typeof row.amount_minor).toBe('number');
  });

  it('fails the query instead of rounding a bigint beyond 2^53 - 1', async () => {
    const id = crypto.randomUUID();
    await sql`insert into ledger_line (id, amount_minor) values (${id}, 9007199254740993)`.execute(
      database.db,
    );

    const read = database.db.selectFrom('ledger_line').selectAll().where('id', '=', id).execute();

    await expect(read).rejects.toBeInstanceOf(UnsafeBigintError);
    const { rows } = await sql<{ ok: number }>`select 1 as ok`.execute(database.db);
    expect(rows[0]?.ok).toBe(1);
  });

  it('cancels a statement that runs past the statement timeout', async () => {
    await expect(sql`select pg_sleep(5)`.execute(database.db)).rejects.toThrow(/statement timeout/);
  });

  it('migrates down the last migration', async () => {
    const down = await migrateDown(database.db, migrations);
    expect(down.applied).toEqual(['0002_amounts']);

    const up = await migrateToLatest(database.db, migrations);
    expect(up.applied).toEqual(['0002_amounts']);
  });

  it('reports the failing migration by name and keeps earlier ones', async () => {
    const broken = {
      ...migrations,
      '0003_broken': { up: async () => Promise.reject(new Error('boom')) },
    };

    await expect(migrateToLatest(database.db, broken)).rejects.toThrow(/0003_broken failed/);
  });
});

describe('a service with a database', () => {
  it('migrates at start, reports the database in readiness, closes the pool last', async () => {
    const testDb = await createTestDatabase('kit_svc');
    const database = createDatabase<Tables>({ url: testDb.url, poolMax: 1 });
    const service = await createService({
      name: 'pg-example',
      config: { HOST: '127.0.0.1', PORT: 0, LOG_LEVEL: 'silent' },
      database,
      migrations,
    });

    await service.start();
    const ready = await service.app.inject({ method: 'GET', url: '/health/ready' });
    const tables = await sql<{ n: number }>`
      select count(*)::bigint as n from information_schema.tables where table_name = 'ledger_line'
    `.execute(database.db);
    await service.stop();

    expect(ready.json()).toEqual({ status: 'ready', checks: { database: { status: 'up' } } });
    expect(tables.rows[0]?.n).toBe(1);
    expect(database.pool.ending).toBe(true);
    await testDb.drop();
  });

  it('is not ready when the database does not answer', async () => {
    const database = createDatabase({ url: 'postgres://postgres@127.0.0.1:1/none' });
    const service = await createService({
      name: 'pg-example',
      config: { HOST: '127.0.0.1', PORT: 0, LOG_LEVEL: 'silent' },
      database,
    });

    const ready = await service.app.inject({ method: 'GET', url: '/health/ready' });
    await service.stop();

    expect(ready.statusCode).toBe(503);
    expect(ready.json().checks.database.status).toBe('down');
  });
});

describe('a connection that loses its server', () => {
  it('survives the server ending a connection a caller holds between queries', async () => {
    const uncaught: unknown[] = [];
    const onUncaught = (error: unknown) => uncaught.push(error);
    process.on('uncaughtException', onUncaught);
    const testDb = await createTestDatabase('kit_pg_lost');
    const database = createDatabase<Tables>({ url: testDb.url, poolMax: 2 });
    try {
      // A relay leader holds its connection while it waits; an operator ends that backend.
      const held = database.db.connection().execute(async (conn) => {
        const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(conn);
        await sql`select pg_terminate_backend(${rows[0]?.pid})`.execute(database.db);
        await new Promise((resolve) => setTimeout(resolve, 300));
        return sql`select 1`.execute(conn);
      });

      await expect(held).rejects.toThrow();
      const { rows } = await sql<{ one: number }>`select 1 as one`.execute(database.db);
      expect(rows).toEqual([{ one: 1 }]);
      expect(uncaught).toEqual([]);
    } finally {
      process.off('uncaughtException', onUncaught);
      await database.close();
      await testDb.drop();
    }
  });
});
