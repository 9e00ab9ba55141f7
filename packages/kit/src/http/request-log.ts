import type { FastifyReply, FastifyRequest } from 'fastify';
import { LogController } from 'fastify';

/**
 * Fastify's two lines per request (received, completed) at debug instead of info: writing them
 * costs a service more than most of its handlers (two synchronous writes of serialized JSON per
 * call; one benchmark run of the catalog wrote 54 MB of them). A failed request and an answer
 * of 500 or more keep their info line; probes and scrapes are not logged at all.
 */
export class RequestLog extends LogController {
  constructor(options: ConstructorParameters<typeof LogController>[0] = {}) {
    super({ disableRequestLogging: (request) => isOperationsUrl(request.url), ...options });
  }

  override incomingRequest(request: FastifyRequest) {
    if (this.isLogDisabled(request)) return;
    request.log.debug({ req: request }, 'incoming request');
  }

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ) {
    if (this.isLogDisabled(request)) return;
    if (error || reply.statusCode >= 500) {
      super.requestCompleted(error, request, reply);
      return;
    }
    reply.log.debug({ res: reply, responseTime: reply.elapsedTime }, 'request completed');
  }
}

function isOperationsUrl(url: string): boolean {
  return url.startsWith('/health/') || url === '/metrics';
}
