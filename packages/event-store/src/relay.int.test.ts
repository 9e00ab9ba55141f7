import { createTestDatabase, kafkaBrokers, uniqueName } from '@hcts/test-harness';
import { Kafka, logLevel } from 'kafkajs';
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
  const kafka = new Kafka({
    clientId: 'relay-test',
    brokers: kafkaBrokers(),
    logLevel: logLevel.NOTHING,
  });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });

  beforeAll(async () => {
    database = await createTestDatabase('event_store_relay');
    store = await createPostgresEventStore({ connectionString: database.url });
    await producer.connect();
  });
  afterAll(async () => {
    await producer.disconnect();
    await store.close();
    await database.drop();
  });

  it('publishes integration events in stream order, keyed by aggregate, and checkpoints', async () => {
    const topic = uniqueName('relay');
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true });
    await admin.disconnect();
    const publisher: MessagePublisher = {
      publish: async (messages) => {
        await producer.send({ topic, messages: messages.map((m) => ({ ...m })) });
      },
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

async function consume(kafka: Kafka, topic: string, count: number) {
  const consumer = kafka.consumer({ groupId: uniqueName('relay-test') });
  const received: { key: string; value: string }[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await new Promise<void>((resolve) => {
    void consumer.run({
      eachMessage: async ({ message }) => {
        received.push({ key: String(message.key), value: String(message.value) });
        if (received.length >= count) resolve();
      },
    });
  });
  await consumer.disconnect();
  return received;
}
