import type { Actor, Envelope, EnvelopeAttributes, EventDefinition } from '@hcts/contracts';
import { fromKafkaHeaders, toKafkaHeaders } from '@hcts/contracts';
import { context as otelContext, propagation } from '@opentelemetry/api';
import { uuidv7 } from 'uuidv7';
import type { z } from 'zod';
import { BusError } from './errors.ts';
import type { Headers, OutgoingRecord } from './kafka/types.ts';

/** Who and what caused the event being published. */
export interface PublishContext {
  correlationId: string;
  causationId?: string | null;
  actor: Actor;
}

/** A message ready for Kafka, with the attributes worth keeping beside it. */
export interface BuiltMessage extends OutgoingRecord {
  eventId: string;
  type: string;
}

/**
 * Builds the envelope of one event: validates the data against the definition's schema, mints
 * a UUIDv7 id and carries the active OpenTelemetry context as W3C trace headers.
 */
export function buildMessage<TType extends string, TSchema extends z.ZodType>(
  definition: EventDefinition<TType, TSchema>,
  data: z.input<TSchema>,
  context: PublishContext,
  source: string,
): BuiltMessage {
  const parsed = definition.schema.safeParse(data);
  if (!parsed.success) {
    throw new BusError(
      'BUS_EVENT_DATA_INVALID',
      { type: definition.type },
      { cause: parsed.error },
    );
  }

  const trace: Record<string, string> = {};
  propagation.inject(otelContext.active(), trace);
  const attributes: EnvelopeAttributes = {
    id: uuidv7(),
    source,
    type: definition.type,
    specversion: '1.0',
    time: new Date().toISOString(),
    subject: definition.subjectOf(parsed.data),
    datacontenttype: 'application/json',
    correlationid: context.correlationId,
    causationid: context.causationId ?? null,
    actor: context.actor,
    traceparent: trace.traceparent ?? null,
    tracestate: trace.tracestate ?? null,
  };

  return {
    eventId: attributes.id,
    type: attributes.type,
    topic: definition.topic,
    key: attributes.subject,
    value: JSON.stringify(parsed.data),
    headers: toKafkaHeaders(attributes),
  };
}

/** The context for events published in reaction to this one: same correlation, caused by it. */
export function contextFrom(envelope: EnvelopeAttributes, actor?: Actor): PublishContext {
  return {
    correlationId: envelope.correlationid,
    causationId: envelope.id,
    actor: actor ?? envelope.actor,
  };
}

export type ParseResult =
  | { kind: 'ok'; envelope: Envelope; definition: EventDefinition }
  | { kind: 'unknown-type'; type: string | undefined }
  | { kind: 'invalid'; error: BusError };

/**
 * Reads an envelope back from headers and value. An unknown type or version is reported as
 * such (consumers skip it); a known type with bad attributes or data is invalid.
 */
export function parseMessage(
  headers: Headers,
  value: Buffer | null,
  events: ReadonlyMap<string, EventDefinition>,
): ParseResult {
  const type = headerText(headers.ce_type);
  const definition = type === undefined ? undefined : events.get(type);
  if (!definition) return { kind: 'unknown-type', type };

  let attributes: EnvelopeAttributes;
  try {
    attributes = fromKafkaHeaders(headers);
  } catch (cause) {
    return { kind: 'invalid', error: new BusError('BUS_ENVELOPE_INVALID', {}, { cause }) };
  }

  const data = definition.schema.safeParse(safeJson(value));
  if (!data.success) {
    const error = new BusError(
      'BUS_EVENT_DATA_INVALID',
      { type: definition.type },
      { cause: data.error },
    );
    return { kind: 'invalid', error };
  }
  return { kind: 'ok', envelope: { ...attributes, data: data.data }, definition };
}

export function headerText(value: Headers[string]): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  return first?.toString();
}

function safeJson(value: Buffer | null): unknown {
  if (value === null) return undefined;
  try {
    return JSON.parse(value.toString('utf8'));
  } catch {
    return undefined;
  }
}
