import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Category, GatewayErrorCode } from '../../domain/errors.ts';
import { GatewayError } from '../../domain/errors.ts';

const statusOf: Record<Category, number> = {
  validation: 400,
  'not-found': 404,
  conflict: 409,
  rule: 422,
  forbidden: 403,
  unauthenticated: 401,
  unavailable: 503,
  limited: 429,
  'too-large': 413,
};

/** Renders an RFC 9457 problem with the platform's `code` and the trace id. */
export function sendProblem(request: FastifyRequest, reply: FastifyReply, error: unknown) {
  const known = error instanceof GatewayError ? error : undefined;
  const code: GatewayErrorCode = known?.code ?? 'GATEWAY_INTERNAL';
  const status = known ? statusOf[known.category] : 500;
  if (!known) request.log.error({ err: error }, 'unexpected error');

  for (const [name, value] of Object.entries(known?.headers ?? {})) reply.header(name, value);
  return reply
    .code(status)
    .type('application/problem+json')
    .send({
      type: `https://hcts.dev/problems/${code.toLowerCase().replaceAll('_', '-')}`,
      title: known?.message ?? 'Internal error',
      status,
      code,
      instance: request.url.split('?')[0],
      traceId: request.id,
    });
}
