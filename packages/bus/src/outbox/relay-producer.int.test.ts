import { kafkaBrokers, uniqueName } from '@hcts/test-harness';
import { beforeAll, describe, expect, it } from 'vitest';
import { codeOf } from '../errors.ts';
import { createKafkaClient } from '../kafka/kafkajs-client.ts';
import { readTopic } from '../kafka/read-topic.ts';
import type { KafkaClient } from '../kafka/types.ts';
import { quietLogger } from '../test-support.ts';
import { startRelayProducer } from './relay-producer.ts';

describe('the relay producer thread', () => {
  let kafka: KafkaClient;

  beforeAll(() => {
    kafka = createKafkaClient({
      brokers: kafkaBrokers(),
      clientId: uniqueName('relay-producer'),
      logger: quietLogger,
    });
  });

  it('sends prepared batches in order, never a dropped one, and refuses once closed', async () => {
    const topic = uniqueName('relay-producer');
    await kafka.ensureTopics([{ topic, partitions: 1 }]);
    const producer = await startRelayProducer(
      { brokers: kafkaBrokers(), clientId: uniqueName('relay-producer') },
      quietLogger,
    );
    const batchOf = (values: string[]) => [
      {
        topic,
        messages: JSON.stringify(
          values.map((value) => ({ key: 'k', value, headers: { h: value } })),
        ),
      },
    ];

    const first = producer.prepare(batchOf(['1', '2']));
    const dropped = producer.prepare(batchOf(['dropped']));
    const second = producer.prepare(batchOf(['3']));
    await first.send();
    dropped.drop();
    await second.send();
    const records = await readTopic(kafka, topic, 3);

    expect(records.map((r) => r.value?.toString())).toEqual(['1', '2', '3']);
    expect(records.map((r) => r.headers.h?.toString())).toEqual(['1', '2', '3']);
    await producer.close();
    expect(producer.alive()).toBe(false);
    const late = producer.prepare(batchOf(['late']));
    await expect(late.send()).rejects.toSatisfy((e) => codeOf(e) === 'BUS_RELAY_PRODUCER_STOPPED');
  });

  it('sends a pass larger than a broker accepts per partition, in order, as several requests', async () => {
    const topic = uniqueName('relay-producer');
    await kafka.ensureTopics([{ topic, partitions: 1 }]);
    const producer = await startRelayProducer(
      { brokers: kafkaBrokers(), clientId: uniqueName('relay-producer') },
      quietLogger,
    );
    // 3 MB on one partition: one record batch of it would exceed message.max.bytes (1 MiB).
    const count = 3_000;
    const padding = 'x'.repeat(1_000);
    const messages = Array.from({ length: count }, (_, i) => ({
      key: 'k',
      value: `${i}:${padding}`,
      headers: {},
    }));

    await producer.prepare([{ topic, messages: JSON.stringify(messages) }]).send();
    const records = await readTopic(kafka, topic, count);
    await producer.close();

    const order = records.map((r) => Number(r.value?.toString().split(':')[0]));
    expect(order).toEqual(Array.from({ length: count }, (_, i) => i));
  });

  it('fails to start, with a catalogued error, when no broker answers', async () => {
    const unreachable = { brokers: ['127.0.0.1:1'], clientId: uniqueName('relay-producer') };

    const started = startRelayProducer(unreachable, quietLogger);

    await expect(started).rejects.toSatisfy((e) => codeOf(e) === 'BUS_RELAY_SEND_FAILED');
  }, 60_000);
});
