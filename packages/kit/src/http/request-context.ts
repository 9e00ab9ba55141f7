import type { IncomingHttpHeaders } from 'node:http';
import { trace } from '@opentelemetry/api';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { uuidv7 } from 'uuidv7';

declare module 'fastify' {
  interface FastifyRequest {
    /** From `x-correlation-id`, or generated: ties together everything one action caused. */
    correlationId: string;
    /** The W3C trace id of the request's span, or of the incoming traceparent, or a new one. */
    traceId: string;
  }
}

export const correlationHeader = 'x-correlation-id';
export const requestIdHeader = 'x-request-id';

const safeId = /^[A-Za-z0-9._:-]{1,100}$/;
const traceparentPattern = /^[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$/;

/** A caller's id is kept when it is short and plain; anything else is replaced, not echoed. */
export function acceptedId(value: unknown): string | undefined {
  return typeof value === 'string' && safeId.test(value) ? value : undefined;
}

export function genRequestId(req: { headers: Record<string, unknown> }): string {
  return acceptedId(req.headers[requestIdHeader]) ?? uuidv7();
}

interface RequestIds {
  correlationId: string;
  traceId: string;
}

const idsOfRequest = new WeakMap<object, RequestIds>();
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The trace id of the active span, else of the incoming traceparent, else a fresh one. A
 * generated request id is a UUIDv7, whose 32 hex digits are a valid W3C trace id: reusing it
 * saves drawing random bytes on every request.
 */
function traceIdOf(headers: IncomingHttpHeaders, requestId: string): string {
  const active = trace.getActiveSpan()?.spanContext();
  if (active && trace.isSpanContextValid(active)) return active.traceId;

  const incoming = traceparentPattern.exec(String(headers.traceparent ?? ''));
  if (incoming?.[1] && !/^0+$/.test(incoming[1])) return incoming[1];
  return (uuidPattern.test(requestId) ? requestId : uuidv7()).replaceAll('-', '');
}

/**
 * Gives every request its correlation and trace ids and one child logger carrying them (built
 * where Fastify builds its own per-request child, so there is a single one), and echoes the
 * ids in the response headers so that a caller can quote them. A request without a
 * correlation id starts a new chain: its own request id is the correlation id.
 */
export function registerRequestContext(app: FastifyInstance): void {
  app.decorateRequest('correlationId', '');
  app.decorateRequest('traceId', '');

  app.setChildLoggerFactory((logger, bindings, options, raw) => {
    const requestId = String(bindings.requestId ?? '');
    const correlationId = acceptedId(raw.headers[correlationHeader]) ?? requestId;
    const ids = { correlationId, traceId: traceIdOf(raw.headers, requestId) };
    idsOfRequest.set(raw, ids);
    return logger.child({ ...bindings, ...ids }, options);
  });

  app.addHook('onRequest', async (request, reply) => applyRequestIds(request, reply));
}

/**
 * Sets the request's ids and echoes them. Also called for a request Fastify's router refused
 * (a malformed URL), which never reaches the onRequest hooks but still gets a problem.
 */
export function applyRequestIds(request: FastifyRequest, reply: FastifyReply): void {
  const ids = idsOfRequest.get(request.raw);
  request.correlationId = ids?.correlationId ?? request.id;
  request.traceId = ids?.traceId ?? traceIdOf(request.headers, request.id);

  reply.header(requestIdHeader, request.id);
  reply.header(correlationHeader, request.correlationId);
}
