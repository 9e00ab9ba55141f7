import { type Kysely, sql } from 'kysely';

/** Row shapes as kysely sees them; bigint and xid8 columns come back as text from pg. */
export interface EventStoreTables {
  es_events: {
    position: string;
    transaction_id: string;
    stream_id: string;
    version: string;
    event_id: string;
    type: string;
    data: unknown;
    metadata: Record<string, unknown>;
    recorded_at: Date;
  };
  es_checkpoints: {
    subscriber_id: string;
    commit_position: string;
    prepare_position: string;
    updated_at: Date;
  };
}

/**
 * Creates the store's tables; safe to run again. One table holds the events: its primary key
 * (stream_id, version) is the concurrency check, so an append writes one row per event and
 * nothing else. The global order is (transaction_id, position): the writer's transaction id
 * is stamped on every row, so a reader can stop below the oldest transaction still in flight
 * and never pass an event that commits later.
 */
export async function migrateEventStore(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table if not exists es_events (
      position bigint generated always as identity,
      transaction_id xid8 not null default pg_current_xact_id(),
      stream_id text not null,
      version bigint not null,
      event_id uuid not null,
      type text not null,
      data jsonb not null,
      metadata jsonb not null,
      recorded_at timestamptz not null default now(),
      primary key (stream_id, version)
    );
    create index if not exists es_events_global_order on es_events (transaction_id, position);
    create table if not exists es_checkpoints (
      subscriber_id text primary key,
      commit_position xid8 not null,
      prepare_position bigint not null,
      updated_at timestamptz not null default now()
    );
  `.execute(db);
}
