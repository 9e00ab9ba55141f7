import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import fastifySwagger from '@fastify/swagger';
import type { FastifyBaseLogger, FastifyInstance, FastifyRequest } from 'fastify';
import Fastify from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Registry } from 'prom-client';
import type { TrustProxy } from '../config/common-config.ts';
import { kitErrors } from '../errors/kit-errors.ts';
import type { DatabaseHandle } from '../postgres/create-database.ts';
import type { MigrationSource } from '../postgres/migrations.ts';
import { activeTelemetry } from '../telemetry/active.ts';
import type { ReadinessCheck } from './health.ts';
import { ReadinessChecks, registerHealthRoutes } from './health.ts';
import { loggerOptions } from './logger-options.ts';
import { trackRouteMethods } from './method-not-allowed.ts';
import { createMetricsRegistry, registerHttpMetrics } from './metrics.ts';
import { openApiTransform } from './openapi.ts';
import { buildProblem, problemOfError, sendProblem } from './problem.ts';
import { applyRequestIds, genRequestId, registerRequestContext } from './request-context.ts';
import { RequestLog } from './request-log.ts';
import { assembleService } from './service-lifecycle.ts';
import { requireStrictBodies } from './strict-bodies.ts';

/** The Fastify instance routes are written against: zod schemas give the request types. */
export type ServiceApp = FastifyInstance<
  Server,
  IncomingMessage,
  ServerResponse,
  FastifyBaseLogger,
  ZodTypeProvider
>;

/** Something to release at shutdown, in the order given: consumers, relay, then pools. */
export interface Closer {
  name: string;
  close(): unknown | Promise<unknown>;
}

export interface ServiceOptions {
  /** Lowercase service name: the log field `service`, the metrics label, the OpenAPI title. */
  name: string;
  config: { HOST: string; PORT: number; LOG_LEVEL?: string; TRUST_PROXY?: TrustProxy };
  routes?: (app: ServiceApp) => void | Promise<void>;
  /** Named checks behind `/health/ready`; a `database` check is added when `database` is set. */
  readiness?: Record<string, ReadinessCheck>;
  /** The service's pool: pinged for readiness, migrated at start, closed last. */
  database?: DatabaseHandle;
  migrations?: MigrationSource;
  onClose?: Closer[];
  /** Largest accepted request body in bytes; larger bodies get a 413 problem. Default 1 MiB. */
  bodyLimit?: number;
  readinessTimeoutMs?: number;
  /** The OpenAPI document's version and description. */
  version?: string;
  description?: string;
  /** Where logs go; stdout when absent. Tests pass a stream to read the lines back. */
  logStream?: NodeJS.WritableStream;
}

export interface Service {
  readonly name: string;
  readonly app: ServiceApp;
  readonly metrics: Registry;
  /** Runs migrations (when given), then listens. Resolves with the bound address. */
  start(): Promise<{ url: string }>;
  /** Stops taking requests, lets in-flight ones finish, then runs the closers in order. */
  stop(): Promise<void>;
  /** Applies the migrations without starting the server (the `migrate` command). */
  migrate(): Promise<string[]>;
  addReadinessCheck(name: string, check: ReadinessCheck): void;
  addCloser(closer: Closer): void;
}

/**
 * Builds one service the way every service is built: logger with redaction, zod validation,
 * OpenAPI at /openapi.json, problem+json errors, health, metrics and an orderly shutdown.
 */
export async function createService(options: ServiceOptions): Promise<Service> {
  const app = Fastify({
    logger: loggerOptions({
      service: options.name,
      level: options.config.LOG_LEVEL ?? 'info',
      stream: options.logStream,
    }),
    genReqId: genRequestId,
    logController: new RequestLog({ requestIdLogLabel: 'requestId' }),
    bodyLimit: options.bodyLimit ?? 1_048_576,
    // Off unless configured: then `request.ip` is the client named by X-Forwarded-For.
    trustProxy: options.config.TRUST_PROXY ?? false,
    // The router's own refusals (a malformed URL, an over-long parameter) as problems too.
    frameworkErrors: (error, request, reply) => {
      applyRequestIds(request, reply);
      return sendProblem(reply, problemOfError(error, request));
    },
    // The kit answers requests that arrive while closing itself, as a problem (see below).
    return503OnClosing: false,
    forceCloseConnections: 'idle',
  }).withTypeProvider<ZodTypeProvider>();

  const checks = new ReadinessChecks(options.readinessTimeoutMs ?? 2_000, (check, err) =>
    app.log.warn({ check, err }, 'readiness check failed'),
  );
  for (const [name, check] of Object.entries(options.readiness ?? {})) checks.add(name, check);
  if (options.database) checks.add('database', options.database.ping);

  const metrics = createMetricsRegistry(options.name);
  await configureApp(app, options, checks, metrics);

  // The kit's own resources close after everything the service registered: its consumers and
  // relay may still write to the database and emit spans while they stop.
  const closers: Closer[] = [...(options.onClose ?? [])];
  const finalClosers: Closer[] = [];
  if (options.database) finalClosers.push({ name: 'database', close: options.database.close });
  finalClosers.push({ name: 'telemetry', close: () => activeTelemetry()?.flush() });
  return assembleService(app, options, { checks, metrics, closers, finalClosers });
}

async function configureApp(
  app: ServiceApp,
  options: ServiceOptions,
  checks: ReadinessChecks,
  metrics: Registry,
): Promise<void> {
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerRequestContext(app);
  requireStrictBodies(app);
  refuseContentEncodings(app);
  const methodsOf = trackRouteMethods(app);

  app.setErrorHandler((error, request, reply) => {
    const problem = problemOfError(error, request);
    if (problem.status >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.info({ code: problem.code, status: problem.status }, 'request rejected');
    return sendProblem(reply, problem);
  });
  app.setNotFoundHandler((request, reply) => {
    const allowed = methodsOf(request.method, request.url);
    if (allowed.length > 0)
      return sendProblem(reply.header('allow', allowed.join(', ')), methodNotAllowed(request));
    const problem = problemOfError(routeNotFound(request.method, request.url), request);
    return sendProblem(reply, problem);
  });

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: `HCTS ${options.name}`,
        version: options.version ?? '0.0.0',
        ...(options.description ? { description: options.description } : {}),
      },
    },
    transform: openApiTransform,
  });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  closeConnectionsWhenClosing(app);
  registerHealthRoutes(app, checks);
  registerHttpMetrics(app, metrics);

  if (options.routes) {
    const routes = options.routes;
    await app.register(async (scope) => routes(scope as ServiceApp));
  }
}

/**
 * Once close() starts, a request still arriving on a kept-alive connection (pipelined, or sent
 * just before the close) gets a 503 problem. After each response the connections left idle are
 * closed: a connection busy when close() started would otherwise stay open until its
 * keep-alive timeout, holding shutdown for a minute.
 */
function closeConnectionsWhenClosing(app: ServiceApp): void {
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onRequest', async (request, reply) => {
    if (!closing) return;
    const { code, message } = kitErrors.KIT_SHUTTING_DOWN();
    const problem = buildProblem({ status: 503, code, detail: message, request });
    return sendProblem(reply.header('retry-after', '1'), problem);
  });
  app.addHook('onResponse', async () => {
    // The socket counts as idle only once the response has fully left, a turn later.
    if (closing) setImmediate(() => app.server.closeIdleConnections());
  });
}

/**
 * Bodies are read as they come: a compressed one would reach the JSON parser as bytes and be
 * called malformed. Saying 415 tells the client what to change.
 */
function refuseContentEncodings(app: ServiceApp): void {
  app.addHook('onRequest', async (request, reply) => {
    const encoding = request.headers['content-encoding']?.trim().toLowerCase();
    if (!encoding || encoding === 'identity') return;

    const detail = 'Compressed request bodies are not accepted; send them without Content-Encoding';
    const problem = buildProblem({
      status: 415,
      code: 'KIT_UNSUPPORTED_ENCODING',
      detail,
      request,
    });
    return sendProblem(reply, problem);
  });
}

function methodNotAllowed(request: FastifyRequest) {
  const detail = `The path ${request.url.split('?')[0]} does not accept ${request.method}`;
  return buildProblem({ status: 405, code: 'KIT_METHOD_NOT_ALLOWED', detail, request });
}

function routeNotFound(method: string, url: string) {
  return kitErrors.KIT_ROUTE_NOT_FOUND({ method, path: url.split('?')[0] ?? url });
}
