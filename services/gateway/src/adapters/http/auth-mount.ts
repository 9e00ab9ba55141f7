import type { Readable } from 'node:stream';
import { fromNodeHeaders } from 'better-auth/node';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { clientAddressHeader } from '../auth/auth-hooks.ts';
import type { Identity } from '../auth/identity.ts';
import { problemOfAuthAnswer } from './auth-problem.ts';
import { readBody } from './body-limit.ts';

/**
 * Hands a request under /api/auth/* to Better Auth's fetch handler and writes its answer back
 * through Fastify (so the gateway's headers and hooks still apply). The body is handed over
 * unparsed; Better Auth reads it. Its error answers leave as problem+json, keeping its
 * `code` and `message`; no trace id is added, so that an unknown user and a wrong password
 * still get byte-identical answers.
 */
export function betterAuthHandler(identity: Identity, publicUrl: string) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const headers = fromNodeHeaders(request.headers);
    // Better Auth reads the caller's address from this header only; the client's own is replaced.
    headers.set(clientAddressHeader, request.ip);

    // The body comes bounded by the route's limit (server.ts) and is read whole: it is small.
    const hasBody = request.method !== 'GET' && request.method !== 'HEAD' && request.body;
    const body = hasBody ? await readBody(request.body as Readable) : undefined;
    const answer = await identity.handler(
      new Request(`${publicUrl}${request.url}`, {
        method: request.method,
        headers,
        body,
      }),
    );

    reply.code(answer.status);
    for (const [name, value] of answer.headers) {
      if (name !== 'set-cookie' && name !== 'content-length') reply.header(name, value);
    }
    const cookies = answer.headers.getSetCookie();
    if (cookies.length > 0) reply.header('set-cookie', cookies);

    const bytes = Buffer.from(await answer.arrayBuffer());
    const contentType = answer.headers.get('content-type');
    const path = request.url.split('?')[0] ?? request.url;
    const problem = problemOfAuthAnswer(answer.status, contentType, bytes, path);
    if (!problem) return reply.send(bytes);
    return reply.type('application/problem+json').send(problem);
  };
}
