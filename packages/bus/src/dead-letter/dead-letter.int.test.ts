import { deadLetterTopic } from '@hcts/contracts';
import { uniqueName } from '@hcts/test-harness';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { useBusSuite } from '../bus-suite.test-support.ts';
import type { EventHandler } from '../index.ts';
import { readTopic } from '../kafka/read-topic.ts';
import {
  effects,
  eventsOf,
  eventually,
  probeEvent,
  recordEffect,
  testContext,
} from '../test-support.ts';

class RuleBroken extends Error {
  readonly category = 'rule';
  readonly code = 'TEST_RULE_BROKEN';
}

describe('dead letters', () => {
  const suite = useBusSuite('bus-dlq');

  const counted = async (group: string, outcome: string) => {
    const metric = await suite.bus.metrics.consumerMessages.get();
    const found = metric.values.find(
      (v) => v.labels.group === group && v.labels.outcome === outcome,
    );
    return found?.value ?? 0;
  };

  async function setUp(failure: () => Error) {
    const topic = uniqueName('bus-dlq');
    const group = uniqueName('bus-dlq-group');
    const probe = probeEvent(topic);
    await suite.bus.ensureTopics([{ topic, partitions: 1 }]);
    const state = { fixed: false, poisonCalls: 0 };
    const handler: EventHandler = async (envelope, { trx }) => {
      const data = probe.schema.parse(envelope.data);
      if (data.poison && !state.fixed) {
        state.poisonCalls++;
        throw failure();
      }
      await recordEffect(trx, group, envelope.id, data);
    };
    await suite.bus.consumer({
      group,
      topics: [topic],
      db: suite.db,
      events: eventsOf(probe),
      maxAttempts: 3,
      backoff: { initialMs: 5, maxMs: 20 },
      handlers: { [probe.type]: handler },
    });
    return { topic, group, probe, state };
  }

  it('dead-letters a poison message after N attempts, goes on, and replays it once', async () => {
    const { topic, group, probe, state } = await setUp(() => new Error('database said no'));
    const key = uniqueName('k');
    const before = await suite.bus.publish(probe, { key, seq: 0 }, testContext);
    const poison = await suite.bus.publish(probe, { key, seq: 1, poison: true }, testContext);
    const after = await suite.bus.publish(probe, { key, seq: 2 }, testContext);

    await eventually(async () => (await effects(suite.db, group)).length === 2, 'the healthy two');
    expect((await effects(suite.db, group)).map((e) => e.event_id)).toEqual([before, after]);
    expect(state.poisonCalls).toBe(3);
    const letters = await sql`
      select event_id, topic, kafka_partition, kafka_offset, error_code, error_message, attempts
      from bus_dead_letter where consumer_group = ${group}
    `.execute(suite.db);
    expect(letters.rows).toEqual([
      {
        event_id: poison,
        topic,
        kafka_partition: 0,
        kafka_offset: '1',
        error_code: 'Error',
        error_message: 'database said no',
        attempts: 3,
      },
    ]);

    state.fixed = true;
    expect(await suite.bus.replayDeadLetters({ group })).toEqual({ replayed: 1, passedOver: 0 });
    await eventually(async () => (await effects(suite.db, group)).length === 3, 'the replayed one');
    expect(await suite.bus.replayDeadLetters({ group })).toEqual({ replayed: 0, passedOver: 0 });
    expect((await effects(suite.db, group)).map((e) => e.event_id)).toEqual([
      before,
      after,
      poison,
    ]);
  });

  it('sends a rule failure to the dead-letter topic at once, with its coordinates', async () => {
    const { topic, group, probe, state } = await setUp(() => new RuleBroken('no'));
    const key = uniqueName('k');
    const poison = await suite.bus.publish(probe, { key, seq: 0, poison: true }, testContext);
    await suite.bus.publish(probe, { key, seq: 1 }, testContext);

    await eventually(async () => (await effects(suite.db, group)).length === 1, 'the healthy one');
    expect(state.poisonCalls).toBe(1);
    expect(await counted(group, 'dead_lettered')).toBe(1);

    const [record] = await readTopic(suite.bus.kafka, deadLetterTopic(group), 1);
    const headers = Object.fromEntries(
      Object.entries(record?.headers ?? {}).map(([name, value]) => [name, String(value)]),
    );
    expect(headers).toMatchObject({
      ce_id: poison,
      'hcts-dlq-group': group,
      'hcts-dlq-topic': topic,
      'hcts-dlq-partition': '0',
      'hcts-dlq-offset': '0',
      'hcts-dlq-key': key,
      'hcts-dlq-error-code': 'TEST_RULE_BROKEN',
      'hcts-dlq-error-message': 'no',
      'hcts-dlq-attempts': '1',
    });
    expect(JSON.parse(record?.value?.toString() ?? '')).toEqual({ key, seq: 0, poison: true });
  });

  it('dead-letters a known type whose data breaks its schema, and skips unknown types', async () => {
    const { topic, group, probe } = await setUp(() => new Error('unused'));
    const producer = await suite.bus.kafka.producer();
    const headers = (type: string) => ({
      ce_id: '01890a5d-ac96-774b-bcce-b302099a8057',
      ce_type: type,
      ce_source: 'test',
      ce_specversion: '1.0',
      ce_time: new Date().toISOString(),
      ce_subject: 'k',
      'content-type': 'application/json',
      ce_correlationid: 'c',
      ce_actor: JSON.stringify(testContext.actor),
    });
    await producer.send([
      { topic, key: 'k', value: '{"seq":"x"}', headers: headers(probe.type) },
      { topic, key: 'k', value: '{}', headers: headers('hcts.trading.probe-recorded.v9') },
    ]);
    await producer.disconnect();

    await eventually(async () => (await counted(group, 'unknown_type')) === 1, 'the skip');
    expect(await counted(group, 'dead_lettered')).toBe(1);
    const letters = await sql<{ error_code: string; attempts: number }>`
      select error_code, attempts from bus_dead_letter where consumer_group = ${group}
    `.execute(suite.db);
    expect(letters.rows).toEqual([{ error_code: 'BUS_EVENT_DATA_INVALID', attempts: 1 }]);
  });

  it('dead-letters a record whose ce_id is not a UUID and goes on with the partition', async () => {
    const { group, topic, probe } = await setUp(() => new Error('unused'));
    const key = uniqueName('k');
    const producer = await suite.bus.kafka.producer();
    await producer.send([
      {
        topic,
        key: `${key}\u0000`,
        value: '{}',
        headers: {
          ce_id: 'not-a-uuid',
          ce_type: probe.type,
          ce_source: 'x',
          ce_specversion: '1.0',
        },
      },
    ]);
    await producer.disconnect();
    const healthy = await suite.bus.publish(probe, { key, seq: 1 }, testContext);

    await eventually(async () => (await effects(suite.db, group)).length === 1, 'the healthy one');
    expect((await effects(suite.db, group)).map((e) => e.event_id)).toEqual([healthy]);
    const letters = await sql<{
      event_id: string | null;
      message_key: string;
      error_message: string;
    }>`
      select event_id, message_key, error_message from bus_dead_letter
      where consumer_group = ${group}
    `.execute(suite.db);
    expect(letters.rows).toHaveLength(1);
    expect(letters.rows[0]).toMatchObject({ event_id: null, message_key: `${key}\ufffd` });
    expect(letters.rows[0]?.error_message).toMatch(/^ce_id "not-a-uuid": /);
  });
});
