import { createTestDatabase } from '@hcts/test-harness';
import { type Kysely, sql } from 'kysely';
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventStoreError, WrongExpectedVersionError } from '../errors.ts';
import type { NewEvent } from '../types.ts';
import type { AlongsideWrite } from './append-alongside.ts';
import { createPostgresEventStore, PostgresEventStore } from './postgres-event-store.ts';
import type { EventStoreTables } from './schema.ts';

const events = (n: number): NewEvent[] =>
  Array.from({ length: n }, (_, i) => ({ type: 'test-happened', data: { i } }));

/** A projection row per stream, written only when the append went through. */
const rowOf = (streamId: string, label: string): AlongsideWrite => ({
  name: 'test_row',
  text: `insert into along_rows (stream_id, label, version)
    select $1, $2, max(version) from appended having count(*) > 0`,
  values: [streamId, label],
});

/** A row under a key of the caller's: a second write with the same key fails on it. */
const keyOf = (key: string): AlongsideWrite => ({
  name: 'test_key',
  text: 'insert into along_keys (key) select $1 from (select 1 from appended limit 1) as a',
  values: [key],
});

describe('appendWith: writes of the caller in the statement of the append', () => {
  let store: PostgresEventStore;
  let drop: () => Promise<void>;
  const db = () => store.db as unknown as Kysely<unknown>;

  beforeAll(async () => {
    const database = await createTestDatabase('event_store_alongside');
    drop = database.drop;
    store = await createPostgresEventStore({ connectionString: database.url });
    await sql`
      create table along_rows (stream_id text, label text, version bigint);
      create table along_keys (key text primary key);`.execute(db());
  });
  afterAll(async () => {
    await store?.close();
    await drop?.();
  });

  const rows = async (streamId: string) =>
    (
      await sql<{ label: string; version: string }>`
        select label, version from along_rows where stream_id = ${streamId}`.execute(db())
    ).rows;

  it('commits the writes with the events, one event or many, at a version or any', async () => {
    const one = `along-${uuidv7()}`;
    const many = `along-${uuidv7()}`;

    await store.appendWith(one, events(1), 'no-stream', [rowOf(one, 'first'), keyOf(uuidv7())]);
    await store.appendWith(one, events(1), 1, [rowOf(one, 'second')]);
    const result = await store.appendWith(many, events(3), 'any', [rowOf(many, 'batch')]);

    expect(await rows(one)).toEqual([
      { label: 'first', version: '1' },
      { label: 'second', version: '2' },
    ]);
    expect(await rows(many)).toEqual([{ label: 'batch', version: '3' }]);
    expect(result.nextExpectedVersion).toBe(3);
  });

  it('writes nothing at a wrong expected version', async () => {
    const streamId = `along-${uuidv7()}`;
    await store.append(streamId, events(2), 'no-stream');

    const late = store.appendWith(streamId, events(1), 1, [rowOf(streamId, 'late')]);

    await expect(late).rejects.toBeInstanceOf(WrongExpectedVersionError);
    expect(await rows(streamId)).toEqual([]);
    expect(await store.readStream(streamId)).toHaveLength(2);
  });

  it('rolls the events back when a write fails', async () => {
    const key = uuidv7();
    const first = `along-${uuidv7()}`;
    const second = `along-${uuidv7()}`;
    await store.appendWith(first, events(1), 'no-stream', [keyOf(key)]);

    const taken = store.appendWith(second, events(2), 'no-stream', [
      rowOf(second, 'x'),
      keyOf(key),
    ]);

    await expect(taken).rejects.toMatchObject({ code: '23505', constraint: 'along_keys_pkey' });
    expect(await store.readStream(second)).toEqual([]);
    expect(await rows(second)).toEqual([]);
  });

  it('lets one of eight concurrent appends at one version win, with its write only', async () => {
    const streamId = `along-${uuidv7()}`;
    await store.append(streamId, events(1), 'no-stream');

    const outcomes = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) =>
        store.appendWith(streamId, events(1), 1, [rowOf(streamId, `copy-${i}`)]),
      ),
    );

    const won = outcomes.filter((o) => o.status === 'fulfilled');
    const lost = outcomes.filter((o) => o.status === 'rejected');
    expect(won).toHaveLength(1);
    for (const o of lost) expect(o.reason).toBeInstanceOf(WrongExpectedVersionError);
    expect(await rows(streamId)).toHaveLength(1);
    expect(await store.readStream(streamId)).toHaveLength(2);
  });

  it('runs inside a transaction of the caller and rolls back with it', async () => {
    const streamId = `along-${uuidv7()}`;

    const aborted = store.db.transaction().execute(async (trx) => {
      const inner = new PostgresEventStore(trx as unknown as Kysely<EventStoreTables>);
      await inner.appendWith(streamId, events(1), 'no-stream', [rowOf(streamId, 'inner')]);
      expect(await inner.readStream(streamId)).toHaveLength(1);
      throw new Error('the caller gives up');
    });

    await expect(aborted).rejects.toThrow('the caller gives up');
    expect(await store.readStream(streamId)).toEqual([]);
    expect(await rows(streamId)).toEqual([]);
  });

  it('refuses a write whose values do not match its placeholders', async () => {
    const streamId = `along-${uuidv7()}`;
    const short = { ...rowOf(streamId, 'x'), values: [streamId] };

    const refused = store.appendWith(streamId, events(1), 'no-stream', [short]);

    await expect(refused).rejects.toBeInstanceOf(EventStoreError);
    expect(await store.readStream(streamId)).toEqual([]);
  });
});
