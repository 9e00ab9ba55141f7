import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * The bus's tables, as kysely migrations that a service adds to its own:
 * `migrateToLatest(db, { ...busMigrations, ...serviceMigrations })`. The `0000-bus-` prefix
 * sorts before a service's `0001_...`, so the bus tables come first. Known limit: a later bus
 * migration would sort before migrations a service already ran, which kysely refuses unless
 * the runner sets `allowUnorderedMigrations`; that is the runner's switch to turn on then.
 */
export const busMigrations: Readonly<Record<string, Migration>> = Object.freeze({
  '0000-bus-0001-outbox-inbox-dead-letter': {
    up: async (db: Kysely<unknown>) => {
      // Headers are `json`, not `jsonb`: they are only ever written whole and sent whole, and
      // the relay embeds them in the JSON it takes per pass; `json` is kept as the text given,
      // where `jsonb` would be rebuilt into text on every pass (most of the take's server time).
      await sql`
        create table bus_outbox (
          id bigint generated always as identity primary key,
          event_id uuid not null unique,
          event_type text not null,
          topic text not null,
          message_key text not null,
          headers json not null,
          payload text not null,
          created_at timestamptz not null default clock_timestamp()
        )`.execute(db);
      await sql`
        create table bus_inbox (
          consumer_group text not null,
          event_id uuid not null,
          event_type text not null,
          handled_at timestamptz not null default now(),
          primary key (consumer_group, event_id)
        )`.execute(db);
      await sql`
        create table bus_dead_letter (
          id bigint generated always as identity primary key,
          consumer_group text not null,
          event_id uuid,
          event_type text,
          topic text not null,
          kafka_partition integer not null,
          kafka_offset bigint not null,
          message_key text,
          error_code text not null,
          error_message text not null,
          attempts integer not null,
          dead_lettered_at timestamptz not null default now()
        )`.execute(db);
    },
    down: async (db: Kysely<unknown>) => {
      await sql`drop table if exists bus_dead_letter, bus_inbox, bus_outbox`.execute(db);
    },
  },
});

/** Postgres channel the outbox notifies on commit, so that an idle relay wakes at once. */
export const outboxChannel = 'hcts_bus_outbox';
