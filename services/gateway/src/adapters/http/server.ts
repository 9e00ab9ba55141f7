import { observeHttpRequests, RequestLog } from '@hcts/kit';
import scalar from '@scalar/fastify-api-reference';
import type { FastifyBaseLogger, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import Fastify from 'fastify';
import type { Redis } from 'ioredis';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { uuidv7 } from 'uuidv7';
import type { RouteEntry } from '../../app/route-table.ts';
import { bodyLimitOf, routeKey, routeTable } from '../../app/route-table.ts';
import type { GatewayConfig, Upstream } from '../../config.ts';
import { GatewayError } from '../../domain/errors.ts';
import type { Identity } from '../auth/identity.ts';
import { betterAuthHandler } from './auth-mount.ts';
import { limitedStream, refuseDeclaredOverLimit } from './body-limit.ts';
import type { createGuard } from './guard.ts';
import { admissionOf, declareAdmission } from './guard.ts';
import { registerHealth } from './health.ts';
import { identityHandlers } from './identity-routes.ts';
import type { createOpenApi } from './openapi.ts';
import { sendProblem } from './problem.ts';
import type { Forwarder } from './proxy.ts';
import { correlationIdOf, hopTraceHeaders } from './trace-context.ts';

export interface ServerDeps {
  config: GatewayConfig;
  log: Logger;
  db: Kysely<unknown>;
  redis: Redis;
  identity: Identity;
  guard: ReturnType<typeof createGuard>;
  forwarder: Forwarder;
  openApi: ReturnType<typeof createOpenApi>;
  /** Request timings go here; the metrics listener serves it (metrics-listener.ts). */
  metrics: Registry;
}

/** The gateway's HTTP surface: one Fastify route per route-table entry, each behind the guard. */
export async function buildServer(
  deps: ServerDeps,
): Promise<{ app: FastifyInstance; routes: readonly string[] }> {
  const app = Fastify({
    loggerInstance: deps.log as FastifyBaseLogger,
    genReqId: () => uuidv7(),
    logController: new RequestLog(),
    bodyLimit: 1_048_576,
  });
  declareAdmission(app);
  observeHttpRequests(app, deps.metrics);
  const registered: string[] = [];
  app.addHook('onRoute', (r) => {
    for (const method of [r.method].flat()) registered.push(`${method} ${r.url}`);
  });
  // Every answer, the API reference page included: no type sniffing, no framing, no referrer.
  app.addHook('onRequest', async (_request, reply) => {
    reply.headers(securityHeaders);
  });
  app.setErrorHandler((error, request, reply) => sendProblem(request, reply, error));
  app.setNotFoundHandler((request, reply) =>
    sendProblem(request, reply, new GatewayError('GATEWAY_ROUTE_NOT_FOUND')),
  );

  registerHealth(app, { db: deps.db, redis: deps.redis, upstreams: deps.config.upstreams });
  // Where a person or a client starts: the entry points, from `/` and `/api` alike.
  for (const path of ['/', '/api']) app.get(path, async () => entryPoints);
  app.get('/openapi.json', async () => deps.openApi());
  app.get('/.well-known/jwks.json', async () => deps.identity.api.getJwks());
  await app.register(scalar, { routePrefix: '/docs', configuration: { url: '/openapi.json' } });

  // Own routes parse JSON; everything forwarded keeps its body as an unread stream.
  const handlers = identityHandlers(deps.db);
  for (const route of routeTable.filter((r) => r.target === 'gateway')) {
    const handler = handlers[routeKey(route.method, route.path)];
    if (!handler) throw new Error(`no handler for ${route.method} ${route.path}`);
    app.route({ method: route.method, url: route.path, preHandler: deps.guard(route), handler });
  }

  await app.register(async (passthrough) => {
    passthrough.removeAllContentTypeParsers();
    passthrough.addContentTypeParser('*', (request, payload, done) => {
      const limit = request.routeOptions.config.maxBodyBytes ?? 0;
      try {
        refuseDeclaredOverLimit(request.headers['content-length'], limit);
        done(null, limitedStream(payload, limit));
      } catch (error) {
        done(error as Error, undefined);
      }
    });
    for (const route of routeTable.filter((r) => r.target !== 'gateway')) {
      passthrough.route({
        method: route.method,
        url: route.path,
        config: { maxBodyBytes: bodyLimitOf(route) },
        preHandler: deps.guard(route),
        handler:
          route.target === 'identity'
            ? betterAuthHandler(deps.identity, deps.config.publicUrl)
            : forwardTo(deps.forwarder, route, route.target as Upstream),
      });
    }
  });

  return { app, routes: registered };
}

function forwardTo(forwarder: Forwarder, route: RouteEntry, upstream: Upstream) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { auth, decision } = admissionOf(request);
    const caller = auth?.caller;
    const headers = forwarder.headersOf(request);

    // One object for every header of the hop, written in place: this runs on every call.
    if (auth && caller?.organizationId && caller.role) {
      headers.authorization = `Bearer ${await auth.accessToken()}`;
      headers['x-hcts-user-id'] = caller.userId;
      headers['x-hcts-organization-id'] = caller.organizationId;
      headers['x-hcts-role'] = caller.role;
      headers['x-hcts-scope'] = decision.scope;
    }
    const incoming = request.headers['x-correlation-id'] as string | undefined;
    headers['x-correlation-id'] = correlationIdOf(incoming, request.id);
    headers['x-request-id'] = request.id;
    Object.assign(headers, hopTraceHeaders(request.headers));

    const path = upstreamPathOf(route, request.url);
    const target = { upstream, path, waiting: route.waits === true && path.includes('waitFor=') };
    return forwarder.forward(request, reply, target, headers);
  };
}

const entryPoints = Object.freeze({
  name: 'HCTS',
  reference: '/docs',
  openapi: '/openapi.json',
  ready: '/health/ready',
  signIn: '/api/auth/sign-in/email',
  accessTokenKeys: '/.well-known/jwks.json',
  certificateKeys: '/api/certificates/jwks.json',
});

const securityHeaders = Object.freeze({
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
});

function upstreamPathOf(route: RouteEntry, url: string): string {
  if (!route.upstreamPath) return url;
  const query = url.indexOf('?');
  return query < 0 ? route.upstreamPath : `${route.upstreamPath}${url.slice(query)}`;
}
