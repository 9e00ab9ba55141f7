import { randomUUID } from 'node:crypto';

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

const correlationShape = /^[\w.:-]{1,100}$/;

export function correlationIdOf(incoming: string | undefined, fallback: string): string {
  return incoming && correlationShape.test(incoming) ? incoming : fallback;
}
