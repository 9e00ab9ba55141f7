import { deadLetterTopic } from '@hcts/contracts';
import type { Logger } from 'pino';
import type { BusProducer, IncomingRecord, KafkaClient, PartitionEnd } from '../kafka/types.ts';
import { deadLetterField, originalHeaders, replayGroupHeader } from './dead-letter.ts';

export interface ReplayOptions {
  kafka: KafkaClient;
  producer: BusProducer;
  logger: Logger;
  /** The consumer group whose dead letters to replay. */
  group: string;
  /** Which dead letters to replay; the others are passed over for good (default: all). */
  filter?: (letter: IncomingRecord) => boolean;
}

export interface ReplayResult {
  replayed: number;
  passedOver: number;
}

/** The group that remembers how far the dead letters of `group` were replayed. */
export function replayGroup(group: string): string {
  return `hcts.dlq-replay.${group}`;
}

/**
 * Sends each dead letter not replayed before back to its original topic, with its original
 * key and headers and a mark that only `group` should handle it (the other groups on that
 * topic skip it). The inbox of `group` then handles it once, even if replayed again. Reads up
 * to the end of the dead-letter topic as it was when called, commits, and returns.
 */
export async function replayDeadLetters(options: ReplayOptions): Promise<ReplayResult> {
  const topic = deadLetterTopic(options.group);
  const log = options.logger.child({ 'bus.component': 'replay', 'bus.group': options.group });
  const todo = await remaining(options.kafka, replayGroup(options.group), topic);
  const result: ReplayResult = { replayed: 0, passedOver: 0 };
  if (todo.size === 0) return result;

  const consumer = await options.kafka.consumer({
    group: replayGroup(options.group),
    topics: [topic],
    fromBeginning: true,
    sessionTimeoutMs: 30_000,
    heartbeatIntervalMs: 3_000,
    partitionsConcurrently: 1,
  });
  const done = Promise.withResolvers<void>();

  await consumer.run(async (batch) => {
    const end = BigInt(todo.get(batch.partition) ?? '0');
    const due = batch.records.filter((r) => BigInt(r.offset) < end);
    const chosen = due.filter((r) => replayable(r) && (options.filter?.(r) ?? true));
    await options.producer.send(chosen.map((r) => asReplay(r, options.group)));
    result.replayed += chosen.length;
    result.passedOver += due.length - chosen.length;

    for (const r of due) batch.resolve(r.offset);
    await batch.commitResolved();
    const last = due.at(-1);
    if (last && BigInt(last.offset) + 1n >= end) todo.delete(batch.partition);
    if (todo.size === 0) done.resolve();
  });

  await done.promise;
  await consumer.stop();
  log.info({ 'bus.replayed': result.replayed, 'bus.passed_over': result.passedOver }, 'replayed');
  return result;
}

/** Partitions with dead letters past the replay group's committed offset, and their ends. */
async function remaining(kafka: KafkaClient, group: string, topic: string) {
  await kafka.ensureTopics([{ topic, partitions: 1 }]);
  const [ends, committed] = await Promise.all([
    kafka.partitionEnds(topic),
    kafka.committedOffsets(group, topic),
  ]);
  const start = new Map(committed.map((c) => [c.partition, BigInt(c.offset)]));
  const todo = new Map<number, string>();
  for (const end of ends) {
    const from = startOf(end, start.get(end.partition));
    if (from < BigInt(end.high)) todo.set(end.partition, end.high);
  }
  return todo;
}

function startOf(end: PartitionEnd, committed: bigint | undefined): bigint {
  const low = BigInt(end.low);
  return committed === undefined || committed < low ? low : committed;
}

function asReplay(record: IncomingRecord, group: string) {
  return {
    topic: deadLetterField(record.headers, 'topic') ?? '',
    key: deadLetterField(record.headers, 'key') ?? '',
    value: record.value ?? '',
    headers: { ...originalHeaders(record.headers), [replayGroupHeader]: group },
  };
}

/** A dead letter without its original topic cannot go back; it is passed over. */
function replayable(record: IncomingRecord): boolean {
  return deadLetterField(record.headers, 'topic') !== undefined;
}
