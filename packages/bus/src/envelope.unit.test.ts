import { systemActor } from '@hcts/contracts';
import { context, propagation, ROOT_CONTEXT, TraceFlags, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildMessage, contextFrom, parseMessage } from './envelope.ts';
import { eventsOf, probeEvent } from './test-support.ts';

const probe = probeEvent('unit-topic');
const events = eventsOf(probe);
const publishContext = { correlationId: 'corr-1', causationId: 'cause-1', actor: systemActor };

describe('building an envelope', () => {
  const manager = new AsyncLocalStorageContextManager();

  beforeAll(() => {
    context.setGlobalContextManager(manager.enable());
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  });

  afterAll(() => {
    context.disable();
    propagation.disable();
  });

  it('mints a UUIDv7 id, keys by subject and carries the attributes as headers', () => {
    const message = buildMessage(probe, { key: 'agg-1', seq: 3 }, publishContext, 'hcts/test');

    expect(message.eventId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-/);
    expect(message).toMatchObject({ topic: 'unit-topic', key: 'agg-1', type: probe.type });
    expect(JSON.parse(message.value as string)).toEqual({ key: 'agg-1', seq: 3 });
    expect(message.headers).toMatchObject({
      ce_id: message.eventId,
      ce_type: 'hcts.trading.probe-recorded.v1',
      ce_source: 'hcts/test',
      ce_subject: 'agg-1',
      ce_correlationid: 'corr-1',
      ce_causationid: 'cause-1',
      ce_actor: JSON.stringify(systemActor),
    });
    expect(message.headers.traceparent).toBeUndefined();
  });

  it('takes the trace context from the active span', () => {
    const span = trace.wrapSpanContext({
      traceId: '0af7651916cd43dd8448eb211c80319c',
      spanId: 'b7ad6b7169203331',
      traceFlags: TraceFlags.SAMPLED,
    });
    const message = context.with(trace.setSpan(ROOT_CONTEXT, span), () =>
      buildMessage(probe, { key: 'agg-1', seq: 0 }, publishContext, 'hcts/test'),
    );

    expect(message.headers.traceparent).toBe(
      '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
    );
  });

  it('refuses data that breaks the schema, with a validation error', () => {
    const build = () => buildMessage(probe, { key: '', seq: 1.5 }, publishContext, 'hcts/test');

    expect(build).toThrow(
      expect.objectContaining({ code: 'BUS_EVENT_DATA_INVALID', category: 'validation' }),
    );
  });
});

describe('parsing a message', () => {
  it('round-trips what buildMessage made', () => {
    const message = buildMessage(probe, { key: 'agg-2', seq: 1 }, publishContext, 'hcts/test');
    const parsed = parseMessage(message.headers, Buffer.from(message.value), events);

    expect(parsed.kind).toBe('ok');
    if (parsed.kind !== 'ok') return;
    expect(parsed.envelope).toMatchObject({
      id: message.eventId,
      subject: 'agg-2',
      correlationid: 'corr-1',
      data: { key: 'agg-2', seq: 1 },
    });
    expect(contextFrom(parsed.envelope)).toEqual({
      correlationId: 'corr-1',
      causationId: message.eventId,
      actor: systemActor,
    });
  });

  it('reports unknown types and versions apart from invalid messages', () => {
    const message = buildMessage(probe, { key: 'agg-3', seq: 1 }, publishContext, 'hcts/test');
    const v2 = { ...message.headers, ce_type: 'hcts.trading.probe-recorded.v2' };
    const noId = { ...message.headers, ce_id: 'not-a-uuid' };

    expect(parseMessage(v2, Buffer.from(message.value), events)).toEqual({
      kind: 'unknown-type',
      type: 'hcts.trading.probe-recorded.v2',
    });
    expect(parseMessage(noId, Buffer.from(message.value), events)).toMatchObject({
      kind: 'invalid',
      error: { code: 'BUS_ENVELOPE_INVALID' },
    });
    expect(parseMessage(message.headers, Buffer.from('{"key":'), events)).toMatchObject({
      kind: 'invalid',
      error: { code: 'BUS_EVENT_DATA_INVALID' },
    });
  });
});
