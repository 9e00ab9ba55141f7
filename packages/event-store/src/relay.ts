import type { Logger } from 'pino';
import type { CheckpointStore } from './checkpoints.ts';
import { type Subscription, subscribeToAll } from './subscription.ts';
import type { EventStore, RecordedEvent } from './types.ts';

/** A message for the broker: the relay knows nothing of Kafka beyond this shape. */
export interface OutgoingMessage {
  topic: string;
  /** The aggregate id, so one aggregate's events land on one partition in order. */
  key: string;
  value: string;
  headers: Record<string, string>;
}

/** The port the relay publishes through; resolves once the broker has acknowledged all. */
export interface MessagePublisher {
  publish(messages: readonly OutgoingMessage[]): Promise<void>;
}

export interface RelayOptions {
  store: EventStore;
  checkpoints: CheckpointStore;
  publisher: MessagePublisher;
  /** Names the relay's checkpoint. */
  relayId: string;
  /** The integration message for an event, or null for events that stay inside. */
  toMessage: (event: RecordedEvent) => OutgoingMessage | null;
  batchSize?: number;
  idleMs?: number;
  log?: Logger;
}

/**
 * The store as outbox: follows the global order and publishes each batch before moving the
 * checkpoint. A crash after publishing and before saving publishes that batch again, so
 * consumers deduplicate on the event id (their inbox); nothing is ever skipped.
 */
export function startRelay(options: RelayOptions): Subscription {
  return subscribeToAll({
    store: options.store,
    checkpoints: options.checkpoints,
    subscriberId: options.relayId,
    batchSize: options.batchSize,
    idleMs: options.idleMs,
    log: options.log,
    handle: async (events) => {
      const messages = events
        .map(options.toMessage)
        .filter((m): m is OutgoingMessage => m !== null);
      if (messages.length === 0) return;
      await options.publisher.publish(messages);
      options.log?.debug({ relayId: options.relayId, count: messages.length }, 'relayed');
    },
  });
}
