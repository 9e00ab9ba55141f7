import { uuidv7 } from 'uuidv7';
import { describe, expect, it } from 'vitest';
import type { EnvelopeAttributes } from './envelope.ts';
import { fromKafkaHeaders, kafkaHeaderNames, systemActor, toKafkaHeaders } from './envelope.ts';

function attributes(overrides: Partial<EnvelopeAttributes> = {}): EnvelopeAttributes {
  return {
    id: uuidv7(),
    source: 'hcts/trading',
    type: 'hcts.trading.transaction-completed.v1',
    specversion: '1.0',
    time: new Date().toISOString(),
    subject: uuidv7(),
    datacontenttype: 'application/json',
    correlationid: uuidv7(),
    causationid: uuidv7(),
    actor: { userId: `user-${uuidv7()}`, organizationId: `org-${uuidv7()}`, role: 'insurer' },
    traceparent: `00-${uuidv7().replaceAll('-', '')}-00f067aa0ba902b7-01`,
    tracestate: 'hcts=1',
    ...overrides,
  };
}

/** Kafka clients hand headers back as Buffers; the round trip must survive that. */
function asBuffers(headers: Record<string, string>): Record<string, Buffer> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, Buffer.from(v)]));
}

describe('envelope <-> Kafka headers', () => {
  it('round-trips every attribute through string headers', () => {
    const original = attributes();

    expect(fromKafkaHeaders(toKafkaHeaders(original))).toEqual(original);
  });

  it('round-trips through Buffer headers, as a consumer receives them', () => {
    const original = attributes();

    expect(fromKafkaHeaders(asBuffers(toKafkaHeaders(original)))).toEqual(original);
  });

  it('omits absent values and reads them back as null', () => {
    const original = attributes({
      causationid: null,
      traceparent: null,
      tracestate: null,
      actor: systemActor,
    });
    const headers = toKafkaHeaders(original);

    expect(headers).not.toHaveProperty('ce_causationid');
    expect(headers).not.toHaveProperty('traceparent');
    expect(fromKafkaHeaders(headers)).toEqual(original);
  });

  it('uses the CloudEvents Kafka binding names', () => {
    const headers = toKafkaHeaders(attributes());

    expect(Object.keys(headers).sort()).toEqual(Object.values(kafkaHeaderNames).sort());
    expect(headers['content-type']).toBe('application/json');
    expect(headers.ce_specversion).toBe('1.0');
    expect(JSON.parse(headers.ce_actor ?? '')).toMatchObject({ role: 'insurer' });
  });

  it('takes the first value of a repeated header', () => {
    const original = attributes();
    const headers: Record<string, string | string[]> = toKafkaHeaders(original);
    headers.ce_id = [original.id, uuidv7()];

    expect(fromKafkaHeaders(headers).id).toBe(original.id);
  });

  it('reads a malformed or all-zero traceparent as absent instead of failing', () => {
    const original = attributes();
    const headers = toKafkaHeaders(original);
    const zeros = `00-${'0'.repeat(32)}-00f067aa0ba902b7-01`;

    for (const traceparent of ['garbage', zeros, `${headers.traceparent}-extra`]) {
      const read = fromKafkaHeaders({ ...headers, traceparent });
      expect(read).toEqual({ ...original, traceparent: null, tracestate: null });
    }
  });

  it('rejects missing, malformed or unknown-version attributes', () => {
    const headers = toKafkaHeaders(attributes());
    const { ce_type: _type, ...withoutType } = headers;

    expect(() => fromKafkaHeaders(withoutType)).toThrow();
    expect(() => fromKafkaHeaders({ ...headers, ce_id: 'not-a-uuid' })).toThrow();
    expect(() => fromKafkaHeaders({ ...headers, ce_specversion: '0.3' })).toThrow();
    expect(() => fromKafkaHeaders({ ...headers, ce_actor: '{broken' })).toThrow();
    expect(() => fromKafkaHeaders({ ...headers, ce_type: 'trading.completed' })).toThrow();
  });
});
