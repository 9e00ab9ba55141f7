/**
 * The bus's own view of Kafka. Only `kafkajs-client.ts` knows the client library, so that a
 * maintained client with the same shape (`@confluentinc/kafka-javascript`) replaces it there.
 */

export type HeaderValue = Buffer | string | undefined | (Buffer | string)[];
export type Headers = Record<string, HeaderValue>;

export interface OutgoingRecord {
  topic: string;
  key: string;
  value: string | Buffer;
  headers: Record<string, string | Buffer>;
}

export interface IncomingRecord {
  topic: string;
  partition: number;
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: Headers;
}

/** One fetched batch of one partition, and what the consumer may do while working on it. */
export interface RecordBatch {
  topic: string;
  partition: number;
  highWatermark: string;
  records: IncomingRecord[];
  /** Marks a record as processed: the next fetch starts after it. */
  resolve(offset: string): void;
  /** Commits the resolved offsets of this member to the group. */
  commitResolved(): Promise<void>;
  heartbeat(): Promise<void>;
  /** False once the consumer stops or the partition was reassigned. */
  isActive(): boolean;
}

/** Records of one topic, in the order they must keep. */
export interface TopicMessages {
  topic: string;
  messages: readonly Omit<OutgoingRecord, 'topic'>[];
}

export interface BusProducer {
  /** Sends the records in one request per broker; resolves once all replicas have them. */
  send(records: readonly OutgoingRecord[]): Promise<void>;
  /** The same, for records already grouped by topic (the relay gets them so from Postgres). */
  sendTopics(batches: readonly TopicMessages[]): Promise<void>;
  disconnect(): Promise<void>;
}

export interface ConsumerSettings {
  group: string;
  topics: readonly string[];
  fromBeginning: boolean;
  sessionTimeoutMs: number;
  heartbeatIntervalMs: number;
  partitionsConcurrently: number;
}

export interface BusConsumer {
  /** Runs until stop(); each batch is awaited before the partition's next fetch. */
  run(onBatch: (batch: RecordBatch) => Promise<void>): Promise<void>;
  stop(): Promise<void>;
}

export interface TopicSpec {
  topic: string;
  partitions: number;
  replicationFactor?: number;
  config?: Record<string, string>;
}

export interface PartitionEnd {
  partition: number;
  /** Offset of the next record to be written: a reader is done when it has read up to it. */
  high: string;
  low: string;
}

export interface KafkaClient {
  producer(options?: { idempotent?: boolean }): Promise<BusProducer>;
  consumer(settings: ConsumerSettings): Promise<BusConsumer>;
  ensureTopics(topics: readonly TopicSpec[]): Promise<void>;
  partitionEnds(topic: string): Promise<PartitionEnd[]>;
  /** The group's committed offset per partition of the topic ('-1' when none). */
  committedOffsets(group: string, topic: string): Promise<{ partition: number; offset: string }[]>;
  /** Every topic on the broker (under a topic prefix: those of the prefix, named without it). */
  listTopics(): Promise<string[]>;
  deleteTopics(topics: readonly string[]): Promise<void>;
}
