import type { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Dispatcher } from 'undici';
import { Pool } from 'undici';
import type { Upstream } from '../../config.ts';
import { GatewayError } from '../../domain/errors.ts';
import { bodyLimitErrorOf } from './body-limit.ts';

// Connection-level headers (RFC 9110 §7.6.1) and everything that carries identity: a client
// must never be able to set the x-hcts-* headers that services trust.
const droppedRequestHeaders = new Set([
  'connection',
  // The gateway's own server already answered 100-continue to the client; undici refuses it.
  'expect',
  'keep-alive',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'host',
  'authorization',
  'cookie',
  'x-api-key',
  'forwarded',
  'x-forwarded-for',
  'x-forwarded-host',
  'x-forwarded-proto',
  // The gateway sets the trace context of its own hop (see hopTraceHeaders).
  'traceparent',
  'tracestate',
]);
const droppedResponseHeaders = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'proxy-connection',
  'trailer',
  'upgrade',
]);

const smallAnswerBytes = 64 * 1024;

/**
 * Forwards requests to the services over undici keep-alive pools, one per service. The body
 * streams through untouched (never parsed), and so does the answer.
 */
export function createForwarder(
  upstreams: Partial<Record<Upstream, string>>,
  timeouts: { connectMs: number; responseMs: number },
) {
  const poolOf = (url: string, connections: number) =>
    new Pool(url, {
      connections,
      keepAliveTimeout: 30_000,
      connect: { timeout: timeouts.connectMs },
      headersTimeout: timeouts.responseMs,
      bodyTimeout: timeouts.responseMs,
    });
  const pools = new Map<Upstream, Pool>();
  // Waiting reads (long polls) hold a connection for seconds: a pool of their own, so that
  // ordinary calls never queue behind them.
  const waitingPools = new Map<Upstream, Pool>();
  for (const [name, url] of Object.entries(upstreams) as [Upstream, string][]) {
    pools.set(name, poolOf(url, 128));
    waitingPools.set(name, poolOf(url, 512));
  }

  const forward = async (
    request: FastifyRequest,
    reply: FastifyReply,
    target: { upstream: Upstream; path: string; waiting?: boolean },
    headers: OutgoingHeaders,
  ) => {
    // A service this deployment does not run answers at once instead of after a timeout.
    const pool = (target.waiting ? waitingPools : pools).get(target.upstream);
    if (!pool) throw new GatewayError('GATEWAY_UPSTREAM_ABSENT', { service: target.upstream });
    const hasBody = request.method !== 'GET' && request.method !== 'HEAD';

    let answer: Dispatcher.ResponseData;
    try {
      answer = await pool.request({
        method: request.method as Dispatcher.HttpMethod,
        path: target.path,
        headers,
        body: hasBody ? ((request.body as Readable | undefined) ?? null) : null,
      });
    } catch (error) {
      const tooLarge = bodyLimitErrorOf(error);
      if (tooLarge) throw tooLarge;
      request.log.warn({ err: error, upstream: target.upstream }, 'upstream unavailable');
      throw new GatewayError('GATEWAY_UPSTREAM_UNAVAILABLE', { service: target.upstream });
    }

    reply.code(answer.statusCode);
    const answered = answer.headers;
    for (const name in answered) {
      const value = answered[name];
      if (value !== undefined && !droppedResponseHeaders.has(name)) reply.header(name, value);
    }

    // A small answer of known size goes out in one write; piping costs more than copying it.
    // Larger or open-ended answers (downloads, streams) flow through as they arrive.
    const size = Number(answer.headers['content-length'] ?? Number.NaN);
    if (size <= smallAnswerBytes) return reply.send(Buffer.from(await answer.body.arrayBuffer()));
    return reply.send(answer.body);
  };

  const close = async () => {
    await Promise.all([...pools.values(), ...waitingPools.values()].map((p) => p.close()));
  };

  return { forward, close, headersOf };
}
export type Forwarder = ReturnType<typeof createForwarder>;

export type OutgoingHeaders = Record<string, string | string[]>;

/**
 * The client's headers a service may see, with the forwarding headers: the caller adds its
 * identity, correlation and trace headers to this object before `forward`.
 */
function headersOf(request: FastifyRequest): OutgoingHeaders {
  const incoming = request.headers;
  const headers: OutgoingHeaders = {};
  for (const name in incoming) {
    const value = incoming[name];
    if (value === undefined || droppedRequestHeaders.has(name) || name.startsWith('x-hcts-')) {
      continue;
    }
    headers[name] = value;
  }

  headers['x-forwarded-for'] = request.ip;
  headers['x-forwarded-proto'] = request.protocol;
  if (incoming.host) headers['x-forwarded-host'] = incoming.host;
  return headers;
}
