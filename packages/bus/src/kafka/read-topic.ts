import { randomBytes } from 'node:crypto';
import type { IncomingRecord, KafkaClient } from './types.ts';

/**
 * Reads the first `count` records of a topic with a throwaway group (from the beginning), for
 * tests and operator scripts that would otherwise reach for a Kafka client of their own.
 */
export async function readTopic(
  kafka: KafkaClient,
  topic: string,
  count: number,
): Promise<IncomingRecord[]> {
  const consumer = await kafka.consumer({
    group: `hcts.read-topic.${randomBytes(6).toString('hex')}`,
    topics: [topic],
    fromBeginning: true,
    sessionTimeoutMs: 10_000,
    heartbeatIntervalMs: 1_000,
    partitionsConcurrently: 1,
  });
  const records: IncomingRecord[] = [];
  const done = Promise.withResolvers<void>();

  await consumer.run(async (batch) => {
    for (const record of batch.records) {
      if (records.length < count) records.push(record);
      batch.resolve(record.offset);
    }
    if (records.length >= count) done.resolve();
  });
  await done.promise;
  await consumer.stop();
  return records;
}
