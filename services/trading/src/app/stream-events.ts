import {
  type EventDefinition,
  TransactionAuthorized,
  TransactionCancelled,
  TransactionCompleted,
  TransactionFailed,
  TransactionInitiated,
  TransactionRefunded,
} from '@hcts/contracts';
import type { NewEvent, RecordedEvent } from '@hcts/event-store';
import type { TradingEvent, TradingEventType } from '../domain/events.ts';
import type { Actor } from '../domain/types.ts';
import { correlationIdOf } from './correlation-id.ts';

/** A transaction's stream name in the event store. */
export const streamOf = (transactionId: string) => `transaction-${transactionId}`;

/**
 * Stored type of each domain event. The integration events are stored under their contract
 * type, so the relay publishes them as they are; the quote stays inside trading.
 */
export const storedTypes: Readonly<Record<TradingEventType, string>> = Object.freeze({
  TransactionQuoted: 'hcts.trading.transaction-quoted.internal',
  TransactionInitiated: TransactionInitiated.type,
  TransactionAuthorized: TransactionAuthorized.type,
  TransactionCompleted: TransactionCompleted.type,
  TransactionCancelled: TransactionCancelled.type,
  TransactionFailed: TransactionFailed.type,
  TransactionRefunded: TransactionRefunded.type,
});

const domainTypes = new Map(
  Object.entries(storedTypes).map(([k, v]) => [v, k as TradingEventType]),
);

export const integrationDefinitions: ReadonlyMap<string, EventDefinition> = new Map(
  [
    TransactionInitiated,
    TransactionAuthorized,
    TransactionCompleted,
    TransactionCancelled,
    TransactionFailed,
    TransactionRefunded,
  ].map((d) => [d.type, d as unknown as EventDefinition]),
);

/** What travels with each stored event, for the envelope the relay builds. */
export interface EventContext {
  correlationId: string;
  causationId: string | null;
  actor: Actor;
  traceparent?: string | null;
}

/**
 * Domain event to stored event; integration data is checked against its contract first. A
 * correlation id the envelope would refuse is replaced here, so no stored event carries one.
 */
export function toStored(event: TradingEvent, context: EventContext): NewEvent {
  const type = storedTypes[event.type];
  const definition = integrationDefinitions.get(type);
  const data = definition ? definition.schema.parse(event.data) : event.data;
  return {
    type,
    data,
    metadata: {
      commandId: event.commandId,
      correlationId: correlationIdOf(context.correlationId).correlationId,
      causationId: context.causationId,
      actor: context.actor,
      traceparent: context.traceparent ?? null,
    },
  };
}

export function toDomain(stored: RecordedEvent): TradingEvent {
  const type = domainTypes.get(stored.type);
  if (!type) throw new Error(`unknown stored event type ${stored.type}`);
  const commandId = String(stored.metadata.commandId ?? stored.id);
  return { type, commandId, data: stored.data } as TradingEvent;
}
