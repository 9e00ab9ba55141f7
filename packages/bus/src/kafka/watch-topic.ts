import { randomBytes } from 'node:crypto';
import type { IncomingRecord, KafkaClient } from './types.ts';

export interface TopicWatch {
  /** Every record read so far, from the topic's beginning, in order per partition. */
  records: IncomingRecord[];
  stop(): Promise<void>;
}

/**
 * Reads a topic from its beginning with a throwaway group and keeps reading until stopped,
 * for tests that wait for what a service publishes (see readTopic for a fixed count).
 */
export async function watchTopic(kafka: KafkaClient, topic: string): Promise<TopicWatch> {
  const consumer = await kafka.consumer({
    group: `hcts.watch-topic.${randomBytes(6).toString('hex')}`,
    topics: [topic],
    fromBeginning: true,
    sessionTimeoutMs: 10_000,
    heartbeatIntervalMs: 1_000,
    partitionsConcurrently: 1,
  });
  const records: IncomingRecord[] = [];

  await consumer.run(async (batch) => {
    for (const record of batch.records) {
      records.push(record);
      batch.resolve(record.offset);
    }
  });
  return { records, stop: () => consumer.stop() };
}
