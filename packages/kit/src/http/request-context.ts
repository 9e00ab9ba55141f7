import { randomBytes } from 'node:crypto';
import { trace } from '@opentelemetry/api';
import type { FastifyInstance, FastifyRequest } from 'fastify';
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

function traceIdOf(request: FastifyRequest): string {
  const active = trace.getActiveSpan()?.spanContext();
  if (active && trace.isSpanContextValid(active)) return active.traceId;

  const incoming = traceparentPattern.exec(String(request.headers.traceparent ?? ''));
  if (incoming?.[1] && !/^0+$/.test(incoming[1])) return incoming[1];
  return randomBytes(16).toString('hex');
}

/**
 * Gives every request its correlation and trace ids, a child logger carrying them, and echoes
 * the ids in the response headers so that a caller can quote them.
 */
export function registerRequestContext(app: FastifyInstance): void {
  app.decorateRequest('correlationId', '');
  app.decorateRequest('traceId', '');

  app.addHook('onRequest', async (request, reply) => {
    request.correlationId = acceptedId(request.headers[correlationHeader]) ?? uuidv7();
    request.traceId = traceIdOf(request);
    request.log = request.log.child({
      correlationId: request.correlationId,
      traceId: request.traceId,
    });

    reply.header(requestIdHeader, request.id);
    reply.header(correlationHeader, request.correlationId);
  });
}
