import { Kysely, PostgresDialect, type RawBuilder, sql } from 'kysely';
import pg from 'pg';
import { uuidv7 } from 'uuidv7';
import { invalidAppend, WrongExpectedVersionError } from '../errors.ts';
import { toVersion } from '../global-position.ts';
import type {
  AppendResult,
  EventStore,
  ExpectedVersion,
  GlobalPosition,
  NewEvent,
  ReadStreamOptions,
  RecordedEvent,
  StreamMetadata,
} from '../types.ts';
import { type EventStoreTables, migrateEventStore } from './schema.ts';

interface AppendedRow {
  position: string;
  transaction_id: string;
  version: string;
}

type EventRow = EventStoreTables['es_events'];

const maxEventsPerAppend = 1_000;

/**
 * The Postgres adapter. An append is one statement (one round trip, its own transaction
 * unless the Kysely handed in is a transaction): move the stream row on only if it is at the
 * expected version, then insert the events numbered from it. A concurrent append to the same
 * stream waits on that row and then finds the version moved, so exactly one wins.
 */
export class PostgresEventStore implements EventStore {
  readonly db: Kysely<EventStoreTables>;
  readonly #onClose: () => Promise<void>;

  constructor(db: Kysely<EventStoreTables>, onClose: () => Promise<void> = async () => {}) {
    this.db = db;
    this.#onClose = onClose;
  }

  async append(
    streamId: string,
    events: readonly NewEvent[],
    expected: ExpectedVersion,
  ): Promise<AppendResult> {
    if (events.length === 0) throw invalidAppend('an append carries at least one event');
    if (events.length > maxEventsPerAppend) throw invalidAppend('too many events in one append');

    const payload = JSON.stringify(
      events.map((e) => ({
        id: e.id ?? uuidv7(),
        type: e.type,
        data: e.data ?? null,
        metadata: e.metadata ?? {},
      })),
    );
    const stream = streamStep(streamId, events.length, expected);

    const { rows } = await sql<AppendedRow>`
      with s as (${stream})
      insert into es_events (stream_id, version, event_id, type, data, metadata)
      select ${streamId}, s.version - ${events.length}::bigint + e.ord,
             (e.value->>'id')::uuid, e.value->>'type', e.value->'data', e.value->'metadata'
      from s, jsonb_array_elements(${payload}::jsonb) with ordinality as e(value, ord)
      returning position, transaction_id, version`.execute(this.db);

    if (rows.length === 0) throw new WrongExpectedVersionError(streamId, String(expected));
    return lastOf(rows);
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    let query = this.db
      .selectFrom('es_events')
      .selectAll()
      .where('stream_id', '=', streamId)
      .where('version', '>=', String(options.fromVersion ?? 1))
      .orderBy('version');
    if (options.count !== undefined) query = query.limit(options.count);
    const rows = await query.execute();
    return rows.map(toRecorded);
  }

  async readAll(from: GlobalPosition, count: number): Promise<RecordedEvent[]> {
    // Only rows of transactions older than every transaction still running: a transaction
    // that commits later has an id at or above that bound, so it is read on a later call
    // instead of being passed over.
    const { rows } = await sql<EventRow>`
      select * from es_events
      where (transaction_id, position) > (${String(from.commit)}::xid8, ${String(from.prepare)}::bigint)
        and transaction_id < pg_snapshot_xmin(pg_current_snapshot())
      order by transaction_id, position
      limit ${count}`.execute(this.db);
    return rows.map(toRecorded);
  }

  async streamMetadata(streamId: string): Promise<StreamMetadata | null> {
    const row = await this.db
      .selectFrom('es_streams')
      .select(['stream_id', 'version', 'created_at'])
      .where('stream_id', '=', streamId)
      .executeTakeFirst();
    if (!row) return null;
    return { streamId: row.stream_id, createdAt: row.created_at, lastVersion: Number(row.version) };
  }

  close(): Promise<void> {
    return this.#onClose();
  }
}

/** The CTE that claims the stream's next versions, or yields no row when `expected` fails. */
function streamStep(
  streamId: string,
  count: number,
  expected: ExpectedVersion,
): RawBuilder<unknown> {
  if (expected === 'any') {
    return sql`insert into es_streams (stream_id, version) values (${streamId}, ${count}::bigint)
      on conflict (stream_id) do update
        set version = es_streams.version + excluded.version, updated_at = now()
      returning version`;
  }
  const version = expected === 'no-stream' ? 0 : toVersion(expected);
  if (version === 0) {
    return sql`insert into es_streams (stream_id, version) values (${streamId}, ${count}::bigint)
      on conflict (stream_id) do nothing
      returning version`;
  }
  return sql`update es_streams set version = version + ${count}::bigint, updated_at = now()
    where stream_id = ${streamId} and version = ${version}::bigint
    returning version`;
}

function lastOf(rows: AppendedRow[]): AppendResult {
  let last = rows[0]!;
  for (const row of rows) if (BigInt(row.position) > BigInt(last.position)) last = row;
  return {
    nextExpectedVersion: Math.max(...rows.map((r) => Number(r.version))),
    position: { commit: BigInt(last.transaction_id), prepare: BigInt(last.position) },
  };
}

function toRecorded(row: EventRow): RecordedEvent {
  return {
    id: row.event_id,
    streamId: row.stream_id,
    type: row.type,
    version: Number(row.version),
    position: { commit: BigInt(row.transaction_id), prepare: BigInt(row.position) },
    data: row.data,
    metadata: row.metadata,
    recordedAt: row.recorded_at,
  };
}

export interface PostgresEventStoreOptions {
  connectionString: string;
  /** Connections in the pool; 10 by default. */
  poolSize?: number;
  /** Create the tables first (idempotent); true by default. */
  migrate?: boolean;
}

/** A store over its own pool; `close()` ends the pool. */
export async function createPostgresEventStore(
  options: PostgresEventStoreOptions,
): Promise<PostgresEventStore> {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.poolSize ?? 10,
  });
  const db = new Kysely<EventStoreTables>({ dialect: new PostgresDialect({ pool }) });
  if (options.migrate ?? true) await migrateEventStore(db as Kysely<unknown>);
  return new PostgresEventStore(db, () => db.destroy());
}
