import { kafkaBrokers, uniqueName } from '@hcts/test-harness';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { useBusSuite } from './bus-suite.test-support.ts';
import { buildMessage } from './envelope.ts';
import { createOutbox } from './outbox/outbox.ts';
import { runTestProcess } from './test-processes/run-process.ts';
import {
  effects,
  eventsOf,
  eventually,
  probeEvent,
  recordEffect,
  testContext,
} from './test-support.ts';

describe('at-least-once delivery, exactly-once effects', () => {
  const suite = useBusSuite('bus-delivery');
  const outbox = createOutbox({ source: 'hcts/bus-test' });

  async function scenario(partitions = 2) {
    const topic = uniqueName('bus-delivery');
    const group = uniqueName('bus-delivery-group');
    const probe = probeEvent(topic);
    await suite.bus.ensureTopics([{ topic, partitions }]);
    const consume = () =>
      suite.bus.consumer({
        group,
        topics: [topic],
        db: suite.db,
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
    const metric = await suite.bus.metrics.consumerMessages.get();
    const found = metric.values.find(
      (v) => v.labels.group === group && v.labels.outcome === outcome,
    );
    return found?.value ?? 0;
  };

  it('publishes after the relay is killed between send and mark, with one effect', async () => {
    const { group, probe, consume } = await scenario();
    const eventId = await suite.db
      .transaction()
      .execute((trx) => outbox.add(trx, probe, { key: uniqueName('k'), seq: 0 }, testContext));

    const signal = await runTestProcess('crashing-relay', {
      DB_URL: suite.database.url,
      BROKERS: kafkaBrokers().join(','),
    });
    expect(signal).toBe('SIGKILL');
    const pending = await sql`select event_id from bus_outbox`.execute(suite.db);
    expect(pending.rows).toEqual([{ event_id: eventId }]);

    const relay = await suite.bus.startRelay({
      db: suite.db,
      listenUrl: suite.database.url,
      pollIntervalMs: 100,
    });
    await consume();
    await eventually(async () => (await counted(group, 'duplicate')) === 1, 'the second copy');
    await relay.stop();

    expect((await effects(suite.db, group)).map((e) => e.event_id)).toEqual([eventId]);
    expect(await counted(group, 'handled')).toBe(1);
  });

  it('handles a message delivered three times once', async () => {
    const { topic, group, probe, consume } = await scenario();
    const message = buildMessage(probe, { key: uniqueName('k'), seq: 1 }, testContext, 'test');
    const producer = await suite.bus.kafka.producer();
    await producer.send([message, message, message]);
    await producer.disconnect();

    await consume();
    await eventually(async () => (await counted(group, 'duplicate')) === 2, 'two duplicates');

    expect(message.topic).toBe(topic);
    expect((await effects(suite.db, group)).map((e) => e.event_id)).toEqual([message.eventId]);
    expect(await counted(group, 'handled')).toBe(1);
  });

  it('changes nothing on redelivery after a consumer died before committing its offset', async () => {
    const { topic, group, probe, consume } = await scenario(1);
    const eventId = await suite.bus.publish(probe, { key: uniqueName('k'), seq: 2 }, testContext);

    const signal = await runTestProcess('crashing-consumer', {
      DB_URL: suite.database.url,
      BROKERS: kafkaBrokers().join(','),
      TOPIC: topic,
      GROUP: group,
    });
    expect(signal).toBe('SIGKILL');
    expect((await effects(suite.db, group)).map((e) => e.event_id)).toEqual([eventId]);

    await consume();
    await eventually(async () => (await counted(group, 'duplicate')) === 1, 'the redelivery');
    expect((await effects(suite.db, group)).map((e) => e.event_id)).toEqual([eventId]);
    expect(await counted(group, 'handled')).toBe(0);
  });
});
