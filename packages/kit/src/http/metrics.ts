import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';

/**
 * A registry per service instance rather than prom-client's global one, so that two services
 * built in one process (tests do) never collide on metric names.
 */
export function createMetricsRegistry(service: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  return registry;
}

/** Times every request by method, route pattern (never the raw URL) and status code. */
export function observeHttpRequests(app: FastifyInstance, registry: Registry): void {
  const histogram = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Duration of HTTP requests handled, by method, route pattern and status code.',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });

  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const labels = { method: request.method, route, status_code: String(reply.statusCode) };
    histogram.observe(labels, reply.elapsedTime / 1000);
  });
}

/** The timings above and `GET /metrics` on the service's own port (an internal one). */
export function registerHttpMetrics(app: FastifyInstance, registry: Registry): void {
  observeHttpRequests(app, registry);
  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
    const body = await registry.metrics();
    return reply.type(registry.contentType).send(body);
  });
}
