import { type EnvelopeAttributes, toKafkaHeaders } from '@hcts/contracts';
import {
  type EventStore,
  type OutgoingMessage,
  PostgresCheckpointStore,
  type PostgresEventStore,
  type RecordedEvent,
  type Subscription,
  startRelay,
} from '@hcts/event-store';
import type { Logger } from 'pino';
import { isValidCorrelationId } from '../../app/correlation-id.ts';
import { integrationDefinitions } from '../../app/stream-events.ts';
import type { Actor } from '../../domain/types.ts';

export const relayId = 'trading.relay';

/** What the relay needs of the bus's producer: a send that resolves once Kafka has it all. */
export interface RecordSender {
  send(records: readonly OutgoingMessage[]): Promise<void>;
}

/**
 * The event store is trading's outbox: the relay follows its global order and publishes the
 * integration events, keyed by transaction id, with the stored event id as CloudEvents id so
 * that consumers' inboxes recognise a republished event.
 */
export function startEventRelay(options: {
  store: PostgresEventStore;
  producer: RecordSender;
  topic: string;
  idleMs: number;
  log: Logger;
  id?: string;
}): Subscription {
  return startRelay({
    store: options.store as EventStore,
    checkpoints: new PostgresCheckpointStore(options.store.db),
    relayId: options.id ?? relayId,
    idleMs: options.idleMs,
    log: options.log,
    publisher: { publish: (messages) => options.producer.send(messages) },
    toMessage: (event) => toMessage(event, options.topic, options.log),
  });
}

/**
 * One stored event as a Kafka record. A stored correlation id the contract refuses (events
 * stored before trading bounded them) falls back to the event id, so consumers never reject
 * the envelope; the replacement is logged.
 */
export function toMessage(
  event: RecordedEvent,
  topic: string,
  log?: Logger,
): OutgoingMessage | null {
  if (!integrationDefinitions.has(event.type)) return null;
  const data = event.data as { transactionId: string };
  const meta = event.metadata as {
    correlationId?: string;
    causationId?: string | null;
    actor?: Actor;
    traceparent?: string | null;
  };
  const correlationValid = isValidCorrelationId(meta.correlationId);
  if (!correlationValid && meta.correlationId !== undefined) {
    log?.warn({ eventId: event.id }, 'invalid correlation id replaced');
  }
  const attributes: EnvelopeAttributes = {
    id: event.id,
    source: 'hcts/trading',
    type: event.type,
    specversion: '1.0',
    time: event.recordedAt.toISOString(),
    subject: data.transactionId,
    datacontenttype: 'application/json',
    correlationid: correlationValid ? (meta.correlationId as string) : event.id,
    causationid: meta.causationId ?? null,
    actor: meta.actor ?? { userId: null, organizationId: null, role: 'system' },
    traceparent: meta.traceparent ?? null,
    tracestate: null,
  };
  return {
    topic,
    key: data.transactionId,
    value: JSON.stringify(event.data),
    headers: toKafkaHeaders(attributes),
  };
}
