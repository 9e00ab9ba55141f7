import type { EventDefinition } from '@hcts/contracts';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { z } from 'zod';
import { startConsumer } from './consumer/start-consumer.ts';
import type { ConsumerOptions, RunningConsumer } from './consumer/types.ts';
import { type ReplayOptions, type ReplayResult, replayDeadLetters } from './dead-letter/replay.ts';
import { buildMessage, type PublishContext } from './envelope.ts';
import { createKafkaClient } from './kafka/kafkajs-client.ts';
import { type BusNamespace, namespaceOf, withTopicPrefix } from './kafka/namespace.ts';
import type { BusProducer, KafkaClient, TopicSpec } from './kafka/types.ts';
import { type BusMetrics, busMetrics } from './metrics.ts';
import { type Relay, type RelayOptions, startRelay } from './outbox/relay.ts';
import { type RelayProducer, startRelayProducer } from './outbox/relay-producer.ts';
import type { WorkerSettings } from './outbox/relay-producer-protocol.ts';

export interface BusOptions extends BusNamespace {
  brokers: readonly string[];
  clientId: string;
  /** CloudEvents `source` of what this bus publishes, e.g. `hcts/trading`. */
  source: string;
  logger: Logger;
  /** Where the bus registers its metrics (default: a registry of its own). */
  metrics?: Registry;
}

export interface Bus {
  metrics: BusMetrics;
  /** The port under the bus's topic prefix: topics are named as the contracts name them. */
  kafka: KafkaClient;
  /**
   * Publishes one event now, outside any transaction. For state changes use the outbox; this
   * is for events with no state behind them (and for tests).
   */
  publish<TType extends string, TSchema extends z.ZodType>(
    definition: EventDefinition<TType, TSchema>,
    data: z.input<TSchema>,
    context: PublishContext,
  ): Promise<string>;
  /** Its group id on the broker (and in the inbox) is the bus's group prefix + `group`. */
  consumer(options: ConsumerOptions): Promise<RunningConsumer>;
  startRelay(options: Omit<RelayOptions, 'openProducer' | 'logger' | 'metrics'>): Promise<Relay>;
  /** Replays the dead letters of `group` as the bus's consumers name it (prefixed). */
  replayDeadLetters(
    options: Omit<ReplayOptions, 'kafka' | 'producer' | 'logger'>,
  ): Promise<ReplayResult>;
  ensureTopics(topics: readonly TopicSpec[]): Promise<void>;
  /** Stops what the bus started through it and disconnects the producer. */
  close(): Promise<void>;
}

/** The bus of one process: one Kafka client, one idempotent producer shared by all uses. */
export async function createBus(options: BusOptions): Promise<Bus> {
  const logger = options.logger.child({ 'bus.client': options.clientId });
  const { groupPrefix, topicPrefix } = namespaceOf(options);
  const client = createKafkaClient({
    brokers: options.brokers,
    clientId: options.clientId,
    logger,
  });
  const kafka = withTopicPrefix(client, topicPrefix);
  const producer: BusProducer = await kafka.producer({ idempotent: true });
  const metrics = busMetrics(options.metrics);
  const started: { stop(): Promise<void> }[] = [];
  const deps = { kafka, producer, metrics, logger };

  const relayThread = relayProducerThread(
    { brokers: options.brokers, clientId: `${options.clientId}-relay`, topicPrefix },
    logger.child({ 'bus.component': 'relay' }),
  );
  const openProducer = relayThread.open;

  return {
    metrics,
    kafka,
    publish: async (definition, data, context) => {
      const message = buildMessage(definition, data, context, options.source);
      await producer.send([message]);
      return message.eventId;
    },
    consumer: async (consumerOptions) => {
      const group = `${groupPrefix}${consumerOptions.group}`;
      return track(started, await startConsumer(deps, { ...consumerOptions, group }));
    },
    startRelay: async (relayOptions) =>
      track(started, await startRelay({ ...relayOptions, ...deps, openProducer })),
    replayDeadLetters: (replayOptions) =>
      replayDeadLetters({
        ...replayOptions,
        ...deps,
        group: `${groupPrefix}${replayOptions.group}`,
      }),
    ensureTopics: (topics) => kafka.ensureTopics(topics),
    close: async () => {
      for (const s of started.splice(0).reverse()) await s.stop();
      await relayThread.close();
      await producer.disconnect();
    },
  };
}

/**
 * The relays' producer thread, started with the first relay and shared by the bus's relays;
 * started again when it stopped (a failed start is thrown to the relay, which retries).
 */
function relayProducerThread(settings: WorkerSettings, logger: Logger) {
  let relayProducer: Promise<RelayProducer> | undefined;
  const open = async (): Promise<RelayProducer> => {
    relayProducer ??= startRelayProducer(settings, logger);
    const starting = relayProducer;
    const current = await starting.catch(() => undefined);
    if (current?.alive()) return current;

    if (relayProducer === starting) relayProducer = undefined;
    return current ? open() : starting;
  };
  const close = async () => (await relayProducer?.catch(() => undefined))?.close();
  return { open, close };
}

function track<T extends { stop(): Promise<void> }>(list: { stop(): Promise<void> }[], item: T) {
  list.push(item);
  return item;
}
