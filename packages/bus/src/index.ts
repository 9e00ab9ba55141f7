export type { Bus, BusOptions } from './bus.ts';
export { createBus } from './bus.ts';
export type {
  ConsumerOptions,
  EventHandler,
  HandlerContext,
  RunningConsumer,
} from './consumer/types.ts';
export type { AnyDatabase, AnyTransaction } from './db.ts';
export { deadLetterHeaders, replayGroupHeader } from './dead-letter/dead-letter.ts';
export type { ReplayOptions, ReplayResult } from './dead-letter/replay.ts';
export { replayGroup } from './dead-letter/replay.ts';
export type { BuiltMessage, PublishContext } from './envelope.ts';
export { buildMessage, contextFrom, parseMessage } from './envelope.ts';
export type { BusErrorCode } from './errors.ts';
export { BusError, categoryOf, codeOf, isRetryable } from './errors.ts';
export type { KafkaClientOptions } from './kafka/kafkajs-client.ts';
export { createKafkaClient } from './kafka/kafkajs-client.ts';
export { dropNamespaceTopics } from './kafka/namespace.ts';
export { readTopic } from './kafka/read-topic.ts';
export type {
  BusProducer,
  IncomingRecord,
  KafkaClient,
  OutgoingRecord,
  TopicSpec,
} from './kafka/types.ts';
export type { TopicWatch } from './kafka/watch-topic.ts';
export { watchTopic } from './kafka/watch-topic.ts';
export type { BusMetrics, ConsumeOutcome } from './metrics.ts';
export { busMetricNames, busMetrics, ConsumeOutcomes } from './metrics.ts';
export { busMigrations, outboxChannel } from './migrations.ts';
export type { Outbox, StagedEvent } from './outbox/outbox.ts';
export { createOutbox, stage } from './outbox/outbox.ts';
export type { Relay, RelayOptions } from './outbox/relay.ts';
