import { databaseName, databaseUrl, ensureDatabases } from '@hcts/infra-local';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { testInfra } from './test-database.ts';

interface Probe {
  [table: string]: { id: string; amount_minor: string; note: string };
}

describe('a service database', () => {
  const server = testInfra().DATABASE_URL;
  const name = databaseName('catalog', 'hcts_test_');
  const table = `probe_${Date.now().toString(36)}`;
  const db = new Kysely<Probe>({
    dialect: new PostgresDialect({
      pool: new pg.Pool({ connectionString: databaseUrl(server, name), max: 2 }),
    }),
  });

  afterAll(async () => {
    await db.schema.dropTable(table).ifExists().execute();
    await db.destroy();
  });

  it('round-trips a row through kysely, money as bigint minor units', async () => {
    await ensureDatabases(server, [name]);
    await db.schema
      .createTable(table)
      .addColumn('id', 'uuid', (c) => c.primaryKey())
      .addColumn('amount_minor', 'bigint', (c) => c.notNull())
      .addColumn('note', 'text', (c) => c.notNull())
      .execute();

    const id = crypto.randomUUID();
    await db
      .insertInto(table)
      .values({ id, amount_minor: '9007199254740993', note: 'ré' })
      .execute();
    const row = await db
      .selectFrom(table)
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();

    expect(row).toEqual({ id, amount_minor: '9007199254740993', note: 'ré' });
    const { rows } = await sql<{ db: string }>`select current_database() as db`.execute(db);
    expect(rows[0]?.db).toBe(name);
  });
});
