import type { EachBatchPayload, LogEntry } from 'kafkajs';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import type { Logger } from 'pino';
import type {
  BusConsumer,
  BusProducer,
  ConsumerSettings,
  KafkaClient,
  OutgoingRecord,
  PartitionEnd,
  RecordBatch,
  TopicMessages,
  TopicSpec,
} from './types.ts';

// Known limit: kafkajs 2.2.4 has had no release since 2023. It stays in this one file behind
// the KafkaClient port; `@confluentinc/kafka-javascript` offers the same API under `KafkaJS`,
// so replacing it means rewriting this file only.

export interface KafkaClientOptions {
  brokers: readonly string[];
  clientId: string;
  logger: Logger;
}

export function createKafkaClient(options: KafkaClientOptions): KafkaClient {
  const kafka = new Kafka({
    brokers: [...options.brokers],
    clientId: options.clientId,
    logLevel: logLevel.WARN,
    logCreator: () => (entry) => forward(options.logger, entry),
  });

  return {
    producer: async ({ idempotent = true } = {}) => {
      // The Java-compatible murmur2 partitioner: the same key lands on the same partition as
      // with any other client, so one aggregate's events stay in one partition.
      const producer = kafka.producer({
        idempotent,
        maxInFlightRequests: idempotent ? 1 : undefined,
        createPartitioner: Partitioners.DefaultPartitioner,
      });
      await producer.connect();
      return wrapProducer(producer);
    },
    consumer: (settings) => createConsumer(kafka, settings),
    ensureTopics: (topics) => ensureTopics(kafka, topics),
    partitionEnds: (topic) =>
      withAdmin(kafka, async (admin) => {
        const offsets = await admin.fetchTopicOffsets(topic);
        return offsets.map(({ partition, high, low }): PartitionEnd => ({ partition, high, low }));
      }),
    committedOffsets: (group, topic) =>
      withAdmin(kafka, async (admin) => {
        const [found] = await admin.fetchOffsets({ groupId: group, topics: [topic] });
        return (found?.partitions ?? []).map(({ partition, offset }) => ({ partition, offset }));
      }),
    listTopics: () => withAdmin(kafka, (admin) => admin.listTopics()),
    deleteTopics: (topics) =>
      topics.length === 0
        ? Promise.resolve()
        : withAdmin(kafka, (admin) => admin.deleteTopics({ topics: [...topics] })),
  };
}

function wrapProducer(producer: ReturnType<Kafka['producer']>): BusProducer {
  const sendTopics = async (batches: readonly TopicMessages[]) => {
    if (batches.length === 0) return;
    // kafkajs only reads the arrays; its types ask for mutable ones.
    const topicMessages = batches.map((b) => ({ topic: b.topic, messages: [...b.messages] }));
    await producer.sendBatch({ acks: -1, topicMessages });
  };
  return {
    send: (records) => sendTopics(groupByTopic(records)),
    sendTopics,
    disconnect: () => producer.disconnect(),
  };
}

/** Keeps each topic's records in their given order: the order per key is the order sent. */
function groupByTopic(records: readonly OutgoingRecord[]): TopicMessages[] {
  const byTopic = new Map<string, Omit<OutgoingRecord, 'topic'>[]>();
  for (const r of records) {
    const list = byTopic.get(r.topic) ?? [];
    list.push({ key: r.key, value: r.value, headers: r.headers });
    byTopic.set(r.topic, list);
  }
  return [...byTopic].map(([topic, messages]) => ({ topic, messages }));
}

async function createConsumer(kafka: Kafka, settings: ConsumerSettings): Promise<BusConsumer> {
  const consumer = kafka.consumer({
    groupId: settings.group,
    sessionTimeout: settings.sessionTimeoutMs,
    heartbeatInterval: settings.heartbeatIntervalMs,
    rebalanceTimeout: settings.sessionTimeoutMs * 2,
  });
  await consumer.connect();
  await consumer.subscribe({ topics: [...settings.topics], fromBeginning: settings.fromBeginning });

  return {
    run: (onBatch) =>
      consumer.run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        partitionsConsumedConcurrently: settings.partitionsConcurrently,
        eachBatch: (payload) => onBatch(toRecordBatch(payload)),
      }),
    stop: () => consumer.disconnect(),
  };
}

function toRecordBatch(payload: EachBatchPayload): RecordBatch {
  const { batch } = payload;
  return {
    topic: batch.topic,
    partition: batch.partition,
    highWatermark: batch.highWatermark,
    records: batch.messages.map((m) => ({
      topic: batch.topic,
      partition: batch.partition,
      offset: m.offset,
      key: m.key,
      value: m.value,
      headers: m.headers ?? {},
    })),
    resolve: (offset) => payload.resolveOffset(offset),
    commitResolved: () => payload.commitOffsetsIfNecessary(payload.uncommittedOffsets()),
    heartbeat: () => payload.heartbeat(),
    isActive: () => payload.isRunning() && !payload.isStale(),
  };
}

type Admin = ReturnType<Kafka['admin']>;

async function withAdmin<T>(kafka: Kafka, work: (admin: Admin) => Promise<T>): Promise<T> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.disconnect();
  }
}

/**
 * Creates missing topics and grows short ones. A broker that has just created a topic can
 * answer metadata requests with "does not host this topic-partition" (or no leader yet) for a
 * moment, most of all on a fresh node; such retriable answers are tried again with backoff.
 */
async function ensureTopics(kafka: Kafka, topics: readonly TopicSpec[]): Promise<void> {
  const attempts = 8;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await createOrGrow(kafka, topics);
    } catch (error) {
      if (attempt === attempts || !isRetriableKafkaError(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
    }
  }
}

export function isRetriableKafkaError(error: unknown): boolean {
  const candidate = error as { retriable?: boolean; type?: string } | null;
  return candidate?.retriable === true || candidate?.type === 'UNKNOWN_TOPIC_OR_PARTITION';
}

function createOrGrow(kafka: Kafka, topics: readonly TopicSpec[]): Promise<void> {
  return withAdmin(kafka, async (admin) => {
    await admin.createTopics({
      waitForLeaders: true,
      topics: topics.map((t) => ({
        topic: t.topic,
        numPartitions: t.partitions,
        replicationFactor: t.replicationFactor ?? -1,
        configEntries: Object.entries(t.config ?? {}).map(([name, value]) => ({ name, value })),
      })),
    });
    await growPartitions(admin, topics);
  });
}

/** A topic that already existed with fewer partitions gets more (Kafka never removes any). */
async function growPartitions(admin: Admin, topics: readonly TopicSpec[]) {
  const { topics: existing } = await admin.fetchTopicMetadata({
    topics: topics.map((t) => t.topic),
  });
  const wanted = new Map(topics.map((t) => [t.topic, t.partitions]));
  const grow = existing
    .filter((t) => t.partitions.length < (wanted.get(t.name) ?? 0))
    .map((t) => ({ topic: t.name, count: wanted.get(t.name) ?? 0 }));
  if (grow.length > 0) await admin.createPartitions({ topicPartitions: grow });
}

/**
 * kafkajs's lines at the service's levels, but for its per-answer error lines (namespace
 * `Connection`, "Response Heartbeat", "Response CreateTopics"): a rebalance or a topic that
 * already exists is routine, and every answer that matters reaches the bus as a failed call,
 * which it logs itself. At error they would page someone at every start and rebalance.
 */
export function forward(logger: Logger, entry: LogEntry): void {
  const { message, ...fields } = entry.log;
  const context = { 'kafka.namespace': entry.namespace, 'kafka.detail': fields };
  const routine = entry.namespace === 'Connection' && message.startsWith('Response ');
  if (entry.level === logLevel.ERROR && !routine) logger.error(context, message);
  else if (entry.level === logLevel.WARN) logger.warn(context, message);
  else logger.debug(context, message);
}
