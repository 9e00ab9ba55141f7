// Shared by this package's integration tests and benchmark: a migrated database, a probe event
// on a topic of its own, and an effect table that counts how often each event took effect.
import type { EventDefinition } from '@hcts/contracts';
import { defineEvent, systemActor } from '@hcts/contracts';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { Migrator } from 'kysely/migration';
import pg from 'pg';
import pino from 'pino';
import { z } from 'zod';
import type { AnyDatabase, AnyTransaction } from './db.ts';
import type { PublishContext } from './envelope.ts';
import { busMigrations } from './migrations.ts';

export const ProbeData = z.strictObject({
  key: z.string().min(1),
  seq: z.int().min(0),
  poison: z.boolean().optional(),
});
export type ProbeData = z.infer<typeof ProbeData>;

/** A probe event published to its own topic, so tests never see each other's messages. */
export function probeEvent(topic: string) {
  const definition = defineEvent({
    context: 'trading',
    name: 'probe-recorded',
    version: 1,
    schema: ProbeData,
    subjectOf: (d) => d.key,
    description: 'A test probe.',
  });
  return { ...definition, topic };
}

/** The known events of a test consumer (a definition's data type narrows its subjectOf). */
export function eventsOf(...definitions: { type: string }[]): ReadonlyMap<string, EventDefinition> {
  return new Map(definitions.map((d) => [d.type, d as EventDefinition]));
}

export const testContext: PublishContext = {
  correlationId: 'test-correlation',
  causationId: null,
  actor: systemActor,
};

export const quietLogger = pino({ level: process.env.LOG_LEVEL ?? 'silent' });

/** Opens the database and runs the bus migrations plus the probe effect table. */
export async function openMigrated(url: string, poolSize = 10): Promise<AnyDatabase> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  const db: AnyDatabase = new Kysely({ dialect: new PostgresDialect({ pool }) });
  const migrator = new Migrator({ db, provider: { getMigrations: async () => busMigrations } });
  const { error } = await migrator.migrateToLatest();
  if (error) throw error;

  await sql`
    create table if not exists probe_effect (
      id bigint generated always as identity primary key,
      event_id uuid not null,
      consumer_group text not null,
      message_key text not null,
      seq integer not null
    )`.execute(db);
  return db;
}

/** The effect of handling a probe: one row per handling, so doubles show up. */
export async function recordEffect(
  trx: AnyTransaction,
  group: string,
  eventId: string,
  data: ProbeData,
): Promise<void> {
  await sql`
    insert into probe_effect (event_id, consumer_group, message_key, seq)
    values (${eventId}, ${group}, ${data.key}, ${data.seq})
  `.execute(trx);
}

export async function effects(db: AnyDatabase, group: string) {
  const { rows } = await sql<{ event_id: string; message_key: string; seq: number }>`
    select event_id, message_key, seq from probe_effect where consumer_group = ${group} order by id
  `.execute(db);
  return rows;
}

/** Polls until the check passes (an integration test waits for effects, not for time). */
export async function eventually(check: () => Promise<boolean>, what: string, limitMs = 45_000) {
  const until = Date.now() + limitMs;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`never happened: ${what}`);
}

/**
 * Closes the pool and waits until the server holds no connection to the database any more:
 * pg-pool's end() resolves before its sockets close, and dropping the database under them
 * would surface the server's goodbye as an error. A connection that never closes is a leak,
 * and this fails the suite.
 */
export async function closeDatabase(db: AnyDatabase, url: string): Promise<void> {
  await db.destroy();
  const server = new URL(url);
  const name = decodeURIComponent(server.pathname.slice(1));
  server.pathname = '/postgres';
  const client = new pg.Client({ connectionString: server.toString() });
  await client.connect();
  try {
    await eventually(
      async () => {
        const { rows } = await client.query<{ n: number }>(
          'select count(*)::int as n from pg_stat_activity where datname = $1',
          [name],
        );
        return rows[0]?.n === 0;
      },
      'every connection to the test database closed',
      10_000,
    );
  } finally {
    await client.end();
  }
}
