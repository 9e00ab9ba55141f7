import { randomUUID } from 'node:crypto';
import { activeTelemetry } from '@hcts/kit/telemetry';

const traceparentShape = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/**
 * The W3C trace context for the hop to a service: the caller's trace continues when it sent a
 * valid traceparent (a new span id for the gateway's hop), otherwise a new trace starts.
 */
export function nextTraceparent(incoming: string | undefined): string {
  const match = incoming ? traceparentShape.exec(incoming) : null;

  // randomUUID draws from a buffered entropy pool: far cheaper per call than randomBytes.
  const fresh = randomUUID().replaceAll('-', '');
  const traceId = match?.[1] && !/^0+$/.test(match[1]) ? match[1] : fresh;
  const spanId = (traceId === fresh ? randomUUID().replaceAll('-', '') : fresh).slice(0, 16);
  const flags = match?.[3] ?? '01';
  return `00-${traceId}-${spanId}-${flags}`;
}

/**
 * The trace headers the gateway sets on a forwarded request. With telemetry on, none: the
 * undici instrumentation injects the context of its own client span, a child of the gateway's
 * server span, and a second value of ours would be joined to it into one invalid header.
 * Without telemetry the gateway still continues the caller's trace (or starts one) by hand.
 */
export function hopTraceHeaders(
  incoming: Record<string, string | string[] | undefined>,
): Record<string, string> {
  if (activeTelemetry()?.enabled) return {};

  const sent = typeof incoming.traceparent === 'string' ? incoming.traceparent : undefined;
  const traceparent = nextTraceparent(sent);
  const continued = sent !== undefined && sent.split('-')[1] === traceparent.split('-')[1];
  const { tracestate } = incoming;
  return continued && typeof tracestate === 'string'
    ? { traceparent, tracestate }
    : { traceparent };
}

const correlationShape = /^[\w.:-]{1,100}$/;

export function correlationIdOf(incoming: string | undefined, fallback: string): string {
  return incoming && correlationShape.test(incoming) ? incoming : fallback;
}
