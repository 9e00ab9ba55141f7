import { type BusProducer, createKafkaClient, type KafkaClient, readTopic } from '@hcts/bus';
import { createTestDatabase, kafkaBrokers, uniqueName } from '@hcts/test-harness';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostgresCheckpointStore } from './postgres/postgres-checkpoint-store.ts';
import {
  createPostgresEventStore,
  type PostgresEventStore,
} from './postgres/postgres-event-store.ts';
import { type MessagePublisher, startRelay } from './relay.ts';

describe('relay from the postgres store to kafka', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let store: PostgresEventStore;
  const kafka = createKafkaClient({
    clientId: 'relay-test',
    brokers: kafkaBrokers(),
    logger: pino({ level: 'silent' }),
  });
  let producer: BusProducer;

  beforeAll(async () => {
    database = await createTestDatabase('event_store_relay');
    store = await createPostgresEventStore({ connectionString: database.url });
    producer = await kafka.producer({ idempotent: true });
  });
  afterAll(async () => {
    await producer.disconnect();
    await store.close();
    await database.drop();
  });

  it('publishes integration events in stream order, keyed by aggregate, and checkpoints', async () => {
    const topic = uniqueName('relay');
    await kafka.ensureTopics([{ topic, partitions: 3 }]);
    const publisher: MessagePublisher = {
      publish: (messages) => producer.send(messages),
    };
    const aggregates = [uniqueName('a'), uniqueName('b')];
    let last = { commit: 0n, prepare: 0n };
    for (const id of aggregates) {
      await store.append(id, [{ type: 'internal', data: {} }], 'no-stream');
      last = (
        await store.append(
          id,
          [1, 2].map((n) => ({ type: 'public', data: { n } })),
          1,
        )
      ).position;
    }

    const checkpoints = new PostgresCheckpointStore(store.db);
    const relay = startRelay({
      store,
      checkpoints,
      publisher,
      relayId: topic,
      idleMs: 10,
      toMessage: (e) =>
        aggregates.includes(e.streamId) && e.type === 'public'
          ? { topic, key: e.streamId, value: JSON.stringify(e.data), headers: { ce_id: e.id } }
          : null,
    });
    await relay.caughtUpTo(last);
    await relay.stop();

    const received = await consume(kafka, topic, 4);
    for (const id of aggregates) {
      expect(received.filter((m) => m.key === id).map((m) => m.value)).toEqual([
        '{"n":1}',
        '{"n":2}',
      ]);
    }
    expect(await checkpoints.load(topic)).toEqual(last);
  });
});

async function consume(kafka: KafkaClient, topic: string, count: number) {
  const records = await readTopic(kafka, topic, count);
  return records.map((r) => ({ key: String(r.key), value: String(r.value) }));
}
