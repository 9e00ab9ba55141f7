import { CompiledQuery, Kysely, PostgresDialect, sql } from 'kysely';
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
import { type AlongsideWrite, withAlongside } from './append-alongside.ts';
import {
  appendAtAnyVersion,
  appendAtVersion,
  appendOneAtVersion,
  readStreamFrom,
} from './append-statements.ts';
import { type EventStoreTables, migrateEventStore } from './schema.ts';

interface AppendedRow {
  position: string;
  transaction_id: string;
  version: string;
}

type EventRow = EventStoreTables['es_events'];

const maxEventsPerAppend = 1_000;

export interface PostgresEventStoreParts {
  /**
   * The pool behind `db`, when `db` is not a transaction: appends then run as named
   * statements, parsed and planned once per connection instead of on every call.
   */
  pool?: pg.Pool;
  onClose?: () => Promise<void>;
}

/**
 * The Postgres adapter. An append is one INSERT (one round trip, its own transaction unless
 * the Kysely handed in is a transaction) that numbers the events from the expected version.
 * The primary key (stream_id, version) decides races: of concurrent appends at one expected
 * version, the first to commit wins and the others hit the key and get a conflict. An exact
 * version must exist in the stream, so no append can leave a gap.
 */
export class PostgresEventStore implements EventStore {
  readonly db: Kysely<EventStoreTables>;
  readonly #pool: pg.Pool | undefined;
  readonly #onClose: () => Promise<void>;

  constructor(db: Kysely<EventStoreTables>, parts: PostgresEventStoreParts = {}) {
    this.db = db;
    this.#pool = parts.pool;
    this.#onClose = parts.onClose ?? (async () => {});
  }

  append(
    streamId: string,
    events: readonly NewEvent[],
    expected: ExpectedVersion,
  ): Promise<AppendResult> {
    return this.appendWith(streamId, events, expected, []);
  }

  /**
   * Appends and, in the same statement, runs the caller's `writes` (a projection's row, a
   * stored response): one round trip, and they commit exactly when the events do.
   */
  async appendWith(
    streamId: string,
    events: readonly NewEvent[],
    expected: ExpectedVersion,
    writes: readonly AlongsideWrite[],
  ): Promise<AppendResult> {
    if (events.length === 0) throw invalidAppend('an append carries at least one event');
    if (events.length > maxEventsPerAppend) throw invalidAppend('too many events in one append');

    const rows = events.map((e) => ({
      id: e.id ?? uuidv7(),
      type: e.type,
      data: e.data ?? null,
      metadata: e.metadata ?? {},
    }));

    // "any" reads the current version in the same statement; a concurrent "any" append may
    // take the same numbers first, and then a fresh statement sees the new version.
    for (let attempt = 1; ; attempt++) {
      try {
        const inserted = await this.#insert(streamId, rows, expected, writes);
        if (inserted.length === 0) throw new WrongExpectedVersionError(streamId, String(expected));
        return lastOf(inserted);
      } catch (error) {
        if (!isVersionTaken(error)) throw error;
        if (expected !== 'any' || attempt === anyAttempts) {
          throw new WrongExpectedVersionError(streamId, String(expected));
        }
      }
    }
  }

  async #insert(
    streamId: string,
    rows: StoredRow[],
    expected: ExpectedVersion,
    writes: readonly AlongsideWrite[],
  ) {
    const [append, appendValues] = statementFor(streamId, rows, expected);
    const [statement, values] =
      writes.length === 0 ? [append, appendValues] : withAlongside(append, appendValues, writes);
    return this.#run<AppendedRow>(statement, values);
  }

  /** On the pool, a statement prepared once per connection; in a transaction, sent as is. */
  async #run<R>(statement: Statement, values: unknown[]): Promise<R[]> {
    if (this.#pool) {
      const result = await this.#pool.query<R & pg.QueryResultRow>({ ...statement, values });
      return result.rows;
    }
    const result = await this.db.executeQuery<R>(CompiledQuery.raw(statement.text, values));
    return result.rows;
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    if (options.count === undefined) {
      const values = [streamId, String(options.fromVersion ?? 1)];
      return (await this.#run<EventRow>(readStreamFrom, values)).map(toRecorded);
    }
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
    // Two index lookups on the primary key; no event payload is read.
    const { rows } = await sql<{ created_at: Date | null; last_version: string | null }>`
      select
        (select recorded_at from es_events where stream_id = ${streamId} and version = 1) as created_at,
        (select max(version) from es_events where stream_id = ${streamId}) as last_version`.execute(
      this.db,
    );
    const row = rows[0];
    if (!row?.created_at || row.last_version === null) return null;
    return { streamId, createdAt: row.created_at, lastVersion: Number(row.last_version) };
  }

  close(): Promise<void> {
    return this.#onClose();
  }
}

interface StoredRow {
  id: string;
  type: string;
  data: unknown;
  metadata: Record<string, unknown>;
}

type Statement = { name: string; text: string };
type Append = typeof appendAtVersion | typeof appendAtAnyVersion | typeof appendOneAtVersion;

/** The statement for the case and its parameters; one event at a version skips the JSON array. */
function statementFor(
  streamId: string,
  rows: StoredRow[],
  expected: ExpectedVersion,
): [Append, unknown[]] {
  if (expected === 'any') return [appendAtAnyVersion, [streamId, JSON.stringify(rows)]];
  const after = expected === 'no-stream' ? 0 : toVersion(expected);
  const [only] = rows;
  if (rows.length === 1 && only) {
    const values = [
      streamId,
      after,
      only.id,
      only.type,
      JSON.stringify(only.data),
      JSON.stringify(only.metadata),
    ];
    return [appendOneAtVersion, values];
  }
  return [appendAtVersion, [streamId, after, JSON.stringify(rows)]];
}

// Each failed attempt means another append won, so a bounded loop always makes progress.
const anyAttempts = 100;

/** A unique violation on the stream's (stream_id, version) key: that version is taken. */
function isVersionTaken(error: unknown): boolean {
  const e = error as { code?: string; constraint?: string };
  return e?.code === '23505' && e.constraint === 'es_events_pkey';
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
  // A connection whose server goes away must not end the process: the query on it fails.
  pool.on('error', () => {});
  pool.on('connect', (client) => client.on('error', () => {}));
  const db = new Kysely<EventStoreTables>({ dialect: new PostgresDialect({ pool }) });
  if (options.migrate ?? true) await migrateEventStore(db as Kysely<unknown>);
  return new PostgresEventStore(db, { pool, onClose: () => db.destroy() });
}
