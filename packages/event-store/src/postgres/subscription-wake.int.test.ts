import { createTestDatabase } from '@hcts/test-harness';
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPosition } from '../global-position.ts';
import { subscribeToAll } from '../subscription.ts';
import { PostgresCheckpointStore } from './postgres-checkpoint-store.ts';
import { createPostgresEventStore, type PostgresEventStore } from './postgres-event-store.ts';

describe('waking an idle subscription', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let store: PostgresEventStore;

  beforeAll(async () => {
    database = await createTestDatabase('event_store_wake');
    store = await createPostgresEventStore({ connectionString: database.url });
  });
  afterAll(async () => {
    await store.close();
    await database.drop();
  });

  it('reads a new event when woken instead of after its idle pause', async () => {
    const stream = `wake-${uuidv7()}`;
    const seen: string[] = [];
    const subscription = subscribeToAll({
      store,
      checkpoints: new PostgresCheckpointStore(store.db),
      subscriberId: stream,
      // Far beyond the test's timeout: only wake() can end the pause in time.
      idleMs: 600_000,
      handle: async (batch) => {
        seen.push(...batch.map((e) => e.streamId));
      },
    });
    await subscription.caughtUpTo(startPosition);

    const { position } = await store.append(stream, [{ type: 't', data: 1 }], 'no-stream');
    // Woken again until it has read: a transaction running elsewhere on the server may hold
    // the reader below this event for a moment (see readAll), and a read then finds nothing.
    const waking = setInterval(() => subscription.wake(), 50);
    await subscription.caughtUpTo(position);
    clearInterval(waking);
    await subscription.stop();

    expect(seen).toEqual([stream]);
  });
});
