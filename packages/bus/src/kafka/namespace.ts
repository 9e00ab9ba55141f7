import { BusError } from '../errors.ts';
import type { BusProducer, KafkaClient, RecordBatch, TopicMessages } from './types.ts';

/**
 * Where a bus lives on a shared broker. A group prefix gives its consumer groups names of their
 * own (so two platforms each receive every message instead of splitting the partitions); a
 * topic prefix gives it topics of its own (so neither sees the other's events at all). Both
 * empty by default. Topic names allow letters, digits, `.`, `_` and `-`, and a group's
 * dead-letter topic is named after the group, so both prefixes are held to those characters.
 */
export interface BusNamespace {
  groupPrefix?: string;
  topicPrefix?: string;
}

const legal = /^[A-Za-z0-9._-]*$/;

/** The namespace with its defaults, checked; throws BUS_OPTIONS_INVALID naming the problem. */
export function namespaceOf(options: BusNamespace): Required<BusNamespace> {
  const namespace = {
    groupPrefix: options.groupPrefix ?? '',
    topicPrefix: options.topicPrefix ?? '',
  };
  for (const [name, prefix] of Object.entries(namespace)) {
    if (!legal.test(prefix) || prefix.length > 100) {
      const problem = `${name} may hold up to 100 letters, digits, '.', '_' and '-'`;
      throw new BusError('BUS_OPTIONS_INVALID', { problem });
    }
  }
  return namespace;
}

/**
 * The client as the bus sees it under a topic prefix: topics are named without the prefix on
 * this side (as the contracts name them) and with it on the broker. Records read come back
 * with the prefix taken off, so dead letters record, and replays return to, the bus's names.
 */
export function withTopicPrefix(kafka: KafkaClient, prefix: string): KafkaClient {
  if (prefix === '') return kafka;
  const onBroker = (topic: string) => `${prefix}${topic}`;
  const onBus = (topic: string) => (topic.startsWith(prefix) ? topic.slice(prefix.length) : topic);

  return {
    producer: async (options) => prefixedProducer(await kafka.producer(options), onBroker),
    consumer: async (settings) => {
      const consumer = await kafka.consumer({ ...settings, topics: settings.topics.map(onBroker) });
      return {
        run: (onBatch) => consumer.run((batch) => onBatch(renamed(batch, onBus))),
        stop: () => consumer.stop(),
      };
    },
    ensureTopics: (topics) =>
      kafka.ensureTopics(topics.map((t) => ({ ...t, topic: onBroker(t.topic) }))),
    partitionEnds: (topic) => kafka.partitionEnds(onBroker(topic)),
    committedOffsets: (group, topic) => kafka.committedOffsets(group, onBroker(topic)),
    listTopics: async () =>
      (await kafka.listTopics()).filter((t) => t.startsWith(prefix)).map(onBus),
    deleteTopics: (topics) => kafka.deleteTopics(topics.map(onBroker)),
  };
}

/**
 * Deletes every topic of a throwaway namespace (a test or benchmark platform), dead letters
 * included. Refuses an empty prefix: that would be every topic on the broker.
 */
export async function dropNamespaceTopics(
  kafka: KafkaClient,
  topicPrefix: string,
): Promise<string[]> {
  const { topicPrefix: prefix } = namespaceOf({ topicPrefix });
  if (prefix === '') {
    throw new BusError('BUS_OPTIONS_INVALID', { problem: 'a namespace to drop needs a prefix' });
  }
  const scoped = withTopicPrefix(kafka, prefix);
  const topics = await scoped.listTopics();
  await scoped.deleteTopics(topics);
  return topics;
}

function prefixedProducer(producer: BusProducer, onBroker: (topic: string) => string) {
  const rename = (batches: readonly TopicMessages[]) =>
    batches.map((b) => ({ ...b, topic: onBroker(b.topic) }));
  return {
    send: (records) => producer.send(records.map((r) => ({ ...r, topic: onBroker(r.topic) }))),
    sendTopics: (batches) => producer.sendTopics(rename(batches)),
    disconnect: () => producer.disconnect(),
  } satisfies BusProducer;
}

function renamed(batch: RecordBatch, onBus: (topic: string) => string): RecordBatch {
  const topic = onBus(batch.topic);
  return { ...batch, topic, records: batch.records.map((r) => ({ ...r, topic })) };
}
