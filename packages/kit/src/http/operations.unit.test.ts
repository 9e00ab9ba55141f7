import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createService } from './create-service.ts';
import { exampleService, logSink } from './example-service.test-support.ts';
import { createLogger } from './logger-options.ts';

describe('createService operations endpoints', () => {
  it('reports ready when every check passes', async () => {
    const { app } = await exampleService({ database: () => true });
    const res = await app.inject({ method: 'GET', url: '/health/ready' });

    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ready', checks: { database: { status: 'up' } } });
  });

  it('reports not ready, without the failure message, when a check fails', async () => {
    const { app } = await exampleService({
      database: () => true,
      broker: async () => {
        throw new Error('connect ECONNREFUSED 10.0.0.1:9092');
      },
    });
    const res = await app.inject({ method: 'GET', url: '/health/ready' });

    expect(res.statusCode).toBe(503);
    expect(res.json().checks.broker).toEqual({ status: 'down', reason: 'failed' });
    expect(res.body).not.toContain('ECONNREFUSED');
  });

  it('answers liveness', async () => {
    const { app } = await exampleService();
    const res = await app.inject({ method: 'GET', url: '/health/live' });

    expect(res.statusCode).toBe(200);
  });

  it('exposes default metrics and the request histogram by route pattern', async () => {
    const { app } = await exampleService();
    await app.inject({ method: 'GET', url: '/orders/o-5' });
    const res = await app.inject({ method: 'GET', url: '/metrics' });

    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('process_cpu_user_seconds_total');
    expect(res.body).toMatch(
      /http_request_duration_seconds_count\{[^}]*route="\/orders\/:orderId"[^}]*status_code="404"[^}]*\} 1/,
    );
  });

  it('serves an OpenAPI 3.1 document with the routes and their schemas', async () => {
    const { app } = await exampleService();
    const res = await app.inject({ method: 'GET', url: '/openapi.json' });
    const doc = res.json();

    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/orders', '/orders/{orderId}']),
    );
    expect(doc.paths['/health/ready']).toBeUndefined();
    const body = doc.paths['/orders'].post.requestBody.content['application/json'].schema;
    expect(body.additionalProperties).toBe(false);
    const problem = doc.paths['/orders'].post.responses['4XX'].content['application/problem+json'];
    expect(problem.schema.required).toEqual(expect.arrayContaining(['type', 'status', 'code']));
  });

  it('refuses to register a body schema that accepts unknown keys', async () => {
    const build = createService({
      name: 'loose',
      config: { HOST: '127.0.0.1', PORT: 0, LOG_LEVEL: 'silent' },
      routes: (app) => {
        app.post('/loose', { schema: { body: z.object({ a: z.string() }) } }, async () => 'ok');
      },
    });

    await expect(build).rejects.toThrow(/z.strictObject/);
  });

  it('refuses a body schema with a loose object nested inside, naming its path', async () => {
    const build = createService({
      name: 'loose',
      config: { HOST: '127.0.0.1', PORT: 0, LOG_LEVEL: 'silent' },
      routes: (app) => {
        const body = z.strictObject({ lines: z.array(z.object({ sku: z.string() })) });
        app.post('/loose', { schema: { body } }, async () => 'ok');
      },
    });

    await expect(build).rejects.toThrow(/body object at lines.0 must be a z.strictObject/);
  });
});

describe('createLogger', () => {
  it('redacts secrets and personal data like the request loggers', () => {
    const logs = logSink();
    const log = createLogger({ service: 'example', level: 'info', stream: logs.stream });

    log.info(
      { email: 'a@example.org', user: { firstName: 'Ada', token: 't0k3n' }, orderId: 'o-9' },
      'order placed',
    );

    const line = JSON.parse(logs.lines[0] ?? '{}');
    expect(line).toMatchObject({ service: 'example', orderId: 'o-9', msg: 'order placed' });
    expect(line.email).toBe('[redacted]');
    expect(line.user).toEqual({ firstName: '[redacted]', token: '[redacted]' });
  });
});
