import { deadLetterTopic, eventsByType } from '@hcts/contracts';
import type { Logger } from 'pino';
import { BusError } from '../errors.ts';
import type { BusProducer, KafkaClient, RecordBatch } from '../kafka/types.ts';
import type { BusMetrics } from '../metrics.ts';
import { handleRecords, type RecordHandling } from './handle-records.ts';
import { startLagProbe } from './lag-probe.ts';
import type { ConsumerOptions, RunningConsumer } from './types.ts';

export interface ConsumerDeps {
  kafka: KafkaClient;
  producer: BusProducer;
  metrics: BusMetrics;
  logger: Logger;
}

// Offsets are committed at the end of each batch and also every this many records.
const commitEvery = 500;

/**
 * Consumes the topics as one group. Consecutive records of a partition are handled together
 * in one inbox transaction (up to messagesPerTransaction); their offsets are resolved and
 * committed only after it committed (autoCommit off), so a crash in between means a
 * redelivery, which the inbox turns into counted duplicates.
 */
export async function startConsumer(
  deps: ConsumerDeps,
  options: ConsumerOptions,
): Promise<RunningConsumer> {
  const settings = consumerSettings(options);
  const log = deps.logger.child({ 'bus.component': 'consumer', 'bus.group': options.group });
  await deps.kafka.ensureTopics([{ topic: deadLetterTopic(options.group), partitions: 1 }]);

  const consumer = await deps.kafka.consumer({
    group: options.group,
    topics: options.topics,
    fromBeginning: options.fromBeginning ?? true,
    sessionTimeoutMs: settings.sessionTimeoutMs,
    heartbeatIntervalMs: settings.heartbeatIntervalMs,
    partitionsConcurrently: options.partitionsConcurrently ?? 1,
  });

  const handling = (batch: RecordBatch): RecordHandling => ({
    group: options.group,
    db: options.db,
    handlers: options.handlers,
    events: options.events ?? eventsByType,
    maxAttempts: settings.maxAttempts,
    inbox: options.inbox ?? true,
    timeoutMs: settings.handlerTimeoutMs,
    producer: deps.producer,
    metrics: deps.metrics,
    logger: log,
    pause: (attempt) => pauseWithHeartbeats(batch, backoffMs(settings.backoff, attempt)),
    afterCommit: options.afterCommit,
  });

  await consumer.run((batch) => consumeBatch(batch, handling(batch), deps.metrics, settings));
  log.info({ 'bus.topics': options.topics }, 'consumer started');
  const watch = { group: options.group, topics: options.topics, intervalMs: settings.lagProbeMs };
  const lagProbe = startLagProbe(deps.kafka, deps.metrics, log, watch);

  let stopped: Promise<void> | undefined;
  const stop = async () => {
    lagProbe.stop();
    await consumer.stop();
  };
  return { stop: () => (stopped ??= stop()) };
}

type Settings = ReturnType<typeof consumerSettings>;

/** The options with their defaults, checked; throws BUS_OPTIONS_INVALID listing the problem. */
export function consumerSettings(options: ConsumerOptions) {
  const settings = {
    maxAttempts: options.maxAttempts ?? 5,
    backoff: options.backoff ?? { initialMs: 100, maxMs: 5_000 },
    handlerTimeoutMs: options.handlerTimeoutMs ?? 10_000,
    sessionTimeoutMs: options.sessionTimeoutMs ?? 30_000,
    heartbeatIntervalMs: options.heartbeatIntervalMs ?? 3_000,
    messagesPerTransaction: options.messagesPerTransaction ?? 100,
    lagProbeMs: options.lagProbeMs ?? 15_000,
  };
  if (settings.maxAttempts < 1 || settings.messagesPerTransaction < 1) {
    throw new BusError('BUS_OPTIONS_INVALID', {
      problem: 'maxAttempts and messagesPerTransaction must be at least 1',
    });
  }
  // Heartbeats keep flowing while a handler runs, but a rebalance waits for the batch under
  // way: a handler allowed past the session timeout would stall the whole group.
  if (settings.handlerTimeoutMs >= settings.sessionTimeoutMs) {
    const problem = 'handlerTimeoutMs must be below sessionTimeoutMs';
    throw new BusError('BUS_OPTIONS_INVALID', { problem });
  }
  return settings;
}

async function consumeBatch(
  batch: RecordBatch,
  handling: RecordHandling,
  metrics: BusMetrics,
  settings: Settings,
): Promise<void> {
  const labels = { group: handling.group, topic: batch.topic, partition: String(batch.partition) };
  const size = settings.messagesPerTransaction;
  let sinceCommit = 0;

  for (let i = 0; i < batch.records.length && batch.isActive(); i += size) {
    const chunk = batch.records.slice(i, i + size);
    await withHeartbeats(batch, settings.heartbeatIntervalMs, () => handleRecords(handling, chunk));

    for (const record of chunk) batch.resolve(record.offset);
    const last = chunk.at(-1)?.offset ?? batch.highWatermark;
    metrics.consumerLag.set(labels, Number(batch.highWatermark) - Number(last) - 1);
    sinceCommit += chunk.length;
    if (sinceCommit >= commitEvery) {
      await batch.commitResolved();
      sinceCommit = 0;
    }
    await batch.heartbeat();
  }
  await batch.commitResolved();
}

/** Keeps sending heartbeats while a record is worked on, so a slow handler keeps the member. */
async function withHeartbeats(batch: RecordBatch, intervalMs: number, work: () => Promise<void>) {
  const timer = setInterval(() => {
    batch.heartbeat().catch(() => {});
  }, intervalMs);
  try {
    await work();
  } finally {
    clearInterval(timer);
  }
}

function backoffMs(backoff: { initialMs: number; maxMs: number }, attempt: number): number {
  const ceiling = Math.min(backoff.maxMs, backoff.initialMs * 2 ** (attempt - 1));
  return ceiling / 2 + Math.random() * (ceiling / 2);
}

async function pauseWithHeartbeats(batch: RecordBatch, ms: number): Promise<void> {
  const until = Date.now() + ms;
  for (let left = ms; left > 0; left = until - Date.now()) {
    await new Promise((r) => setTimeout(r, Math.min(left, 1_000)));
    await batch.heartbeat().catch(() => {});
  }
}
