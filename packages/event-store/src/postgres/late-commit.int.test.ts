import { createTestDatabase } from '@hcts/test-harness';
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subscribeToAll } from '../subscription.ts';
import type { RecordedEvent } from '../types.ts';
import { PostgresCheckpointStore } from './postgres-checkpoint-store.ts';
import { createPostgresEventStore, PostgresEventStore } from './postgres-event-store.ts';

describe('global order on postgres with a late commit', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let store: PostgresEventStore;

  beforeAll(async () => {
    database = await createTestDatabase('event_store_late');
    store = await createPostgresEventStore({ connectionString: database.url, poolSize: 12 });
  });
  afterAll(async () => {
    await store.close();
    await database.drop();
  });

  it('delivers every event exactly once while a writer holds its transaction open', async () => {
    const prefix = `late-${uuidv7()}`;
    const seen: RecordedEvent[] = [];
    const subscription = subscribeToAll({
      store,
      checkpoints: new PostgresCheckpointStore(store.db),
      subscriberId: prefix,
      idleMs: 5,
      handle: async (batch) => {
        seen.push(...batch.filter((e) => e.streamId.startsWith(prefix)));
      },
    });

    // 1. The slow writer appends first (lowest sequence value) and keeps its transaction open.
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let appended!: () => void;
    const slowAppended = new Promise<void>((resolve) => {
      appended = resolve;
    });
    const slow = store.db.transaction().execute(async (trx) => {
      await new PostgresEventStore(trx).append(
        `${prefix}-slow`,
        [{ type: 't', data: 1 }],
        'no-stream',
      );
      appended();
      await held;
    });
    await slowAppended;

    // 2. Twenty later writers commit while it is open; the reader polls all the while.
    const fast = [];
    for (let i = 0; i < 20; i++) {
      fast.push(await store.append(`${prefix}-fast-${i}`, [{ type: 't', data: i }], 'no-stream'));
    }
    const lastFast = fast[fast.length - 1]!.position;
    await new Promise((resolve) => setTimeout(resolve, 200));
    const seenWhileOpen = seen.length;

    // 3. The slow writer commits; the reader must now deliver it as well, once.
    release();
    await slow;
    await subscription.caughtUpTo(lastFast);
    await subscription.stop();

    const written = (await store.readAll({ commit: 0n, prepare: 0n }, 10_000))
      .filter((e) => e.streamId.startsWith(prefix))
      .map((e) => e.id);
    expect(seenWhileOpen).toBe(0);
    expect(seen).toHaveLength(21);
    expect(new Set(seen.map((e) => e.id))).toEqual(new Set(written));
    expect(seen[0]!.streamId).toBe(`${prefix}-slow`);
  });
});
