import { createTestDatabase, kafkaBrokers, uniqueName } from '@hcts/test-harness';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Bus, createBus } from './bus.ts';
import type { AnyDatabase } from './db.ts';
import { buildMessage } from './envelope.ts';
import { createOutbox } from './outbox/outbox.ts';
import { runTestProcess } from './test-processes/run-process.ts';
import {
  closeDatabase,
  effects,
  eventsOf,
  eventually,
  openMigrated,
  probeEvent,
  quietLogger,
  recordEffect,
  testContext,
} from './test-support.ts';

describe('at-least-once delivery, exactly-once effects', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: AnyDatabase;
  let bus: Bus;
  const outbox = createOutbox({ source: 'hcts/bus-test' });

  beforeAll(async () => {
    database = await createTestDatabase('bus_delivery');
    db = await openMigrated(database.url);
    bus = await createBus({
      brokers: kafkaBrokers(),
      clientId: uniqueName('bus-delivery'),
      source: 'hcts/bus-test',
      logger: quietLogger,
    });
  });

  afterAll(async () => {
    await bus?.close();
    if (db) await closeDatabase(db, database.url);
    await database?.drop();
  });

  async function scenario(partitions = 2) {
    const topic = uniqueName('bus-delivery');
    const group = uniqueName('bus-delivery-group');
    const probe = probeEvent(topic);
    await bus.ensureTopics([{ topic, partitions }]);
    const consume = () =>
      bus.consumer({
        group,
        topics: [topic],
        db,
        events: eventsOf(probe),
        sessionTimeoutMs: 6_000,
        heartbeatIntervalMs: 1_000,
        handlerTimeoutMs: 5_000,
        handlers: {
          [probe.type]: (envelope, { trx }) =>
            recordEffect(trx, group, envelope.id, probe.schema.parse(envelope.data)),
        },
      });
    return { topic, group, probe, consume };
  }

  const counted = async (group: string, outcome: string) => {
    const metric = await bus.metrics.consumerMessages.get();
    const found = metric.values.find(
      (v) => v.labels.group === group && v.labels.outcome === outcome,
    );
    return found?.value ?? 0;
  };

  it('publishes after the relay is killed between send and mark, with one effect', async () => {
    const { group, probe, consume } = await scenario();
    const eventId = await db
      .transaction()
      .execute((trx) => outbox.add(trx, probe, { key: uniqueName('k'), seq: 0 }, testContext));

    const signal = await runTestProcess('crashing-relay', {
      DB_URL: database.url,
      BROKERS: kafkaBrokers().join(','),
    });
    expect(signal).toBe('SIGKILL');
    const pending = await sql`select event_id from bus_outbox`.execute(db);
    expect(pending.rows).toEqual([{ event_id: eventId }]);

    const relay = await bus.startRelay({ db, listenUrl: database.url, pollIntervalMs: 100 });
    await consume();
    await eventually(async () => (await counted(group, 'duplicate')) === 1, 'the second copy');
    await relay.stop();

    expect((await effects(db, group)).map((e) => e.event_id)).toEqual([eventId]);
    expect(await counted(group, 'handled')).toBe(1);
  });

  it('handles a message delivered three times once', async () => {
    const { topic, group, probe, consume } = await scenario();
    const message = buildMessage(probe, { key: uniqueName('k'), seq: 1 }, testContext, 'test');
    const producer = await bus.kafka.producer();
    await producer.send([message, message, message]);
    await producer.disconnect();

    await consume();
    await eventually(async () => (await counted(group, 'duplicate')) === 2, 'two duplicates');

    expect(message.topic).toBe(topic);
    expect((await effects(db, group)).map((e) => e.event_id)).toEqual([message.eventId]);
    expect(await counted(group, 'handled')).toBe(1);
  });

  it('changes nothing on redelivery after a consumer died before committing its offset', async () => {
    const { topic, group, probe, consume } = await scenario(1);
    const eventId = await bus.publish(probe, { key: uniqueName('k'), seq: 2 }, testContext);

    const signal = await runTestProcess('crashing-consumer', {
      DB_URL: database.url,
      BROKERS: kafkaBrokers().join(','),
      TOPIC: topic,
      GROUP: group,
    });
    expect(signal).toBe('SIGKILL');
    expect((await effects(db, group)).map((e) => e.event_id)).toEqual([eventId]);

    await consume();
    await eventually(async () => (await counted(group, 'duplicate')) === 1, 'the redelivery');
    expect((await effects(db, group)).map((e) => e.event_id)).toEqual([eventId]);
    expect(await counted(group, 'handled')).toBe(0);
  });
});
