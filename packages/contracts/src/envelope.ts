import { z } from 'zod';
import { EntityId, ForeignId, Timestamp } from './primitives.ts';
import { roleList } from './roles.ts';

/** Who caused an event: a person or an API key acting for an organization, or the system. */
export const Actor = z.strictObject({
  userId: ForeignId.nullable(),
  organizationId: ForeignId.nullable(),
  role: z.enum([...roleList, 'system']),
});
export type Actor = z.infer<typeof Actor>;

export const systemActor: Actor = Object.freeze({
  userId: null,
  organizationId: null,
  role: 'system',
});

const EventType = z
  .string()
  .regex(/^hcts\.[a-z]+\.[a-z0-9-]+\.v\d+$/, 'hcts.<context>.<event>.v<N>');

/**
 * CloudEvents 1.0 attributes plus the platform's extensions. On Kafka the attributes travel as
 * `ce_*` headers (the binding's binary mode) and the data as the JSON message value.
 */
export const EnvelopeAttributes = z.strictObject({
  id: EntityId,
  source: z.string().min(1).max(200),
  type: EventType,
  specversion: z.literal('1.0'),
  time: Timestamp,
  subject: z.string().min(1).max(200),
  datacontenttype: z.literal('application/json'),
  correlationid: z.string().min(1).max(100),
  causationid: z.string().min(1).max(100).nullable(),
  actor: Actor,
  traceparent: z.string().max(55).nullable(),
  tracestate: z.string().max(512).nullable(),
});
export type EnvelopeAttributes = z.infer<typeof EnvelopeAttributes>;

export interface Envelope<TType extends string = string, TData = unknown>
  extends EnvelopeAttributes {
  type: TType;
  data: TData;
}

/** Header names on Kafka: CloudEvents' binary mode for Kafka, with our extensions. */
export const kafkaHeaderNames = Object.freeze({
  id: 'ce_id',
  source: 'ce_source',
  type: 'ce_type',
  specversion: 'ce_specversion',
  time: 'ce_time',
  subject: 'ce_subject',
  datacontenttype: 'content-type',
  correlationid: 'ce_correlationid',
  causationid: 'ce_causationid',
  actor: 'ce_actor',
  traceparent: 'traceparent',
  tracestate: 'tracestate',
} as const satisfies Record<keyof EnvelopeAttributes, string>);

/** Attributes as Kafka headers. The actor travels as compact JSON; absent values are omitted. */
export function toKafkaHeaders(attributes: EnvelopeAttributes): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [key, header] of Object.entries(kafkaHeaderNames)) {
    const value = attributes[key as keyof EnvelopeAttributes];
    if (value === null || value === undefined) continue;
    headers[header] = typeof value === 'string' ? value : JSON.stringify(value);
  }
  return headers;
}

/**
 * Reads attributes back from Kafka headers and validates them; throws a ZodError if bad. A
 * malformed traceparent is read as absent (with its tracestate) instead.
 */
export function fromKafkaHeaders(
  headers: Record<string, Buffer | string | undefined | (Buffer | string)[]>,
): EnvelopeAttributes {
  const raw: Record<string, unknown> = {};
  for (const [key, header] of Object.entries(kafkaHeaderNames)) {
    const value = headers[header];
    const text = Array.isArray(value) ? value[0]?.toString() : value?.toString();
    raw[key] = text === undefined ? null : key === 'actor' ? safeJson(text) : text;
  }

  // Trace context is best effort (W3C says to restart the trace on a bad traceparent): a
  // malformed one is dropped rather than failing, and dead-lettering, a business message.
  if (typeof raw.traceparent !== 'string' || !traceparentFormat.test(raw.traceparent)) {
    raw.traceparent = null;
    raw.tracestate = null;
  }
  return EnvelopeAttributes.parse(raw);
}

const traceparentFormat = /^[0-9a-f]{2}-(?!0{32})[0-9a-f]{32}-(?!0{16})[0-9a-f]{16}-[0-9a-f]{2}$/;

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
