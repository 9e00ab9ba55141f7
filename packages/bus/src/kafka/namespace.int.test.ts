import { kafkaBrokers, uniqueName } from '@hcts/test-harness';
import { afterEach, describe, expect, it } from 'vitest';
import { type Bus, createBus } from '../bus.ts';
import { useBusSuite } from '../bus-suite.test-support.ts';
import { createOutbox } from '../outbox/outbox.ts';
import { eventsOf, eventually, probeEvent, quietLogger, testContext } from '../test-support.ts';
import { dropNamespaceTopics } from './namespace.ts';
import { readTopic } from './read-topic.ts';

describe('two platforms on one broker', () => {
  const suite = useBusSuite('bus-namespace');
  const opened: Bus[] = [];
  const open = async (namespace: { groupPrefix?: string; topicPrefix?: string }) => {
    const bus = await createBus({
      brokers: kafkaBrokers(),
      clientId: uniqueName('bus-namespace'),
      source: 'hcts/bus-test',
      logger: quietLogger,
      ...namespace,
    });
    opened.push(bus);
    return bus;
  };
  afterEach(async () => {
    for (const bus of opened.splice(0)) await bus.close();
  });

  /** Starts a consumer of `group` on the probe's topic; returns the seqs it handles. */
  const consume = async (bus: Bus, probe: ReturnType<typeof probeEvent>, group: string) => {
    const seen: number[] = [];
    await bus.consumer({
      group,
      topics: [probe.topic],
      db: suite.db,
      events: eventsOf(probe),
      handlers: {
        [probe.type]: async (envelope) => {
          seen.push(probe.schema.parse(envelope.data).seq);
        },
      },
    });
    return seen;
  };

  it('gives each group prefix every message of a shared topic', async () => {
    const probe = probeEvent(uniqueName('bus-namespace'));
    await suite.bus.ensureTopics([{ topic: probe.topic, partitions: 3 }]);
    const group = uniqueName('same-group');
    const seenByA = await consume(await open({ groupPrefix: 'platform-a.' }), probe, group);
    const seenByB = await consume(await open({ groupPrefix: 'platform-b.' }), probe, group);

    const all = Array.from({ length: 30 }, (_, seq) => seq);
    for (const seq of all) {
      await suite.bus.publish(probe, { key: `key-${seq % 7}`, seq }, testContext);
    }

    const everything = (seen: number[]) => async () => seen.length >= all.length;
    await eventually(everything(seenByA), 'platform a handled every message');
    await eventually(everything(seenByB), 'platform b handled every message');
    expect(seenByA.toSorted((x, y) => x - y)).toEqual(all);
    expect(seenByB.toSorted((x, y) => x - y)).toEqual(all);
    const offsets = await suite.bus.kafka.committedOffsets(`platform-a.${group}`, probe.topic);
    expect(offsets.length).toBeGreaterThan(0);
  });

  it('keeps the events of a topic prefix, relayed from the outbox, to that prefix', async () => {
    const probe = probeEvent(uniqueName('bus-namespace'));
    const prefix = `${uniqueName('platform-x')}.`;
    const platformX = await open({ topicPrefix: prefix, groupPrefix: prefix });
    const platformY = await open({ topicPrefix: `${uniqueName('platform-y')}.` });
    for (const bus of [platformX, platformY]) {
      await bus.ensureTopics([{ topic: probe.topic, partitions: 1 }]);
    }
    const seenByX = await consume(platformX, probe, 'reader');
    const seenByY = await consume(platformY, probe, 'reader');

    const outbox = createOutbox({ source: 'hcts/bus-test' });
    await suite.db
      .transaction()
      .execute((trx) => outbox.add(trx, probe, { key: 'k', seq: 1 }, testContext));
    const relay = await platformX.startRelay({ db: suite.db, pollIntervalMs: 50 });
    await platformY.publish(probe, { key: 'k', seq: 2 }, testContext);
    await eventually(async () => seenByX.length > 0, 'platform x handled its event');
    await eventually(async () => seenByY.length > 0, 'platform y handled its event');
    await relay.stop();

    expect(seenByX).toEqual([1]);
    expect(seenByY).toEqual([2]);
    const onBroker = await readTopic(suite.bus.kafka, `${prefix}${probe.topic}`, 1);
    expect(onBroker.map((r) => r.key?.toString())).toEqual(['k']);
  });

  it('drops the topics of a throwaway prefix and nothing else', async () => {
    const probe = probeEvent(uniqueName('bus-namespace'));
    const prefix = `${uniqueName('throwaway')}.`;
    const throwaway = await open({ topicPrefix: prefix });
    await throwaway.ensureTopics([
      { topic: probe.topic, partitions: 1 },
      { topic: `${probe.topic}.second`, partitions: 1 },
    ]);
    await suite.bus.ensureTopics([{ topic: probe.topic, partitions: 1 }]);

    const dropped = await dropNamespaceTopics(suite.bus.kafka, prefix);

    expect(dropped.toSorted()).toEqual([probe.topic, `${probe.topic}.second`]);
    const left = await suite.bus.kafka.listTopics();
    expect(left.filter((t) => t.startsWith(prefix))).toEqual([]);
    expect(left).toContain(probe.topic);
    await expect(dropNamespaceTopics(suite.bus.kafka, '')).rejects.toThrow(/prefix/);
  });
});
