// The example service the kit's HTTP tests build: one of each kind of route.
import { Writable } from 'node:stream';
import { z } from 'zod';
import { defineErrors } from '../errors/define-errors.ts';
import type { ServiceApp } from './create-service.ts';
import { createService } from './create-service.ts';
import type { ReadinessCheck } from './health.ts';

const errors = defineErrors({
  EXAMPLE_ORDER_NOT_FOUND: { category: 'not-found', message: 'No order {orderId}' },
  EXAMPLE_ORDER_CLOSED: { category: 'rule', message: 'Order {orderId} is closed' },
});

const OrderBody = z.strictObject({
  quantity: z.int().min(1),
  lines: z.array(z.strictObject({ sku: z.string().min(1) })).max(5),
});

export function routes(app: ServiceApp) {
  app.post('/orders', { schema: { body: OrderBody } }, async (request, reply) => {
    return reply.status(201).send({ quantity: request.body.quantity });
  });
  app.get('/orders/:orderId', { schema: { params: z.object({ orderId: z.string() }) } }, (r) => {
    if (r.params.orderId === 'closed') throw errors.EXAMPLE_ORDER_CLOSED({ orderId: 'closed' });
    throw errors.EXAMPLE_ORDER_NOT_FOUND({ orderId: r.params.orderId });
  });
  app.get(
    '/search',
    { schema: { querystring: z.strictObject({ limit: z.coerce.number().int().max(100) }) } },
    async (request) => ({ limit: request.query.limit }),
  );
  app.get('/drifted', { schema: { response: { 200: z.strictObject({ id: z.string() }) } } }, () => {
    return { id: 7_310_452_981 } as unknown as { id: string };
  });
  app.get('/boom', async () => {
    throw new Error('password=hunter2 at db.internal:5432');
  });
}

export function logSink() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { stream, lines };
}

export async function exampleService(readiness: Record<string, ReadinessCheck> = {}) {
  const logs = logSink();
  const service = await createService({
    name: 'example',
    config: { HOST: '127.0.0.1', PORT: 0, LOG_LEVEL: 'info' },
    routes,
    readiness,
    bodyLimit: 1_024,
    logStream: logs.stream,
  });
  return { service, app: service.app, logs };
}
