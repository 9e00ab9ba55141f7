import { describe, expect, it } from 'vitest';
import { exampleService } from './example-service.test-support.ts';

describe('createService problem+json', () => {
  it('rejects an unknown key with 400 naming the key', async () => {
    const { app } = await exampleService();
    const res = await app.inject({
      method: 'POST',
      url: '/orders',
      payload: { quantity: 1, lines: [{ sku: 'a', colour: 'red' }] },
    });

    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const body = res.json();
    expect(body.code).toBe('KIT_REQUEST_INVALID');
    expect(body.errors).toEqual([
      { field: 'lines.0.colour', message: 'unknown key', code: 'unrecognized_keys' },
    ]);
    expect(body.traceId).toMatch(/^[0-9a-f]{32}$/);
  });

  it('rejects a wrong type with 400 naming the field path', async () => {
    const { app } = await exampleService();
    const res = await app.inject({
      method: 'POST',
      url: '/orders',
      payload: { quantity: 'two', lines: [] },
    });

    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([
      expect.objectContaining({ field: 'quantity', code: 'invalid_type' }),
    ]);
  });

  it('rejects an oversized body with a 413 problem', async () => {
    const { app } = await exampleService();
    const lines = Array.from({ length: 100 }, () => ({ sku: 'x'.repeat(20) }));
    const res = await app.inject({
      method: 'POST',
      url: '/orders',
      payload: { quantity: 1, lines },
    });

    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ status: 413, code: 'KIT_BODY_TOO_LARGE' });
  });

  it('rejects malformed JSON with a 400 problem', async () => {
    const { app } = await exampleService();
    const res = await app.inject({
      method: 'POST',
      url: '/orders',
      headers: { 'content-type': 'application/json' },
      payload: '{"quantity":',
    });

    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('KIT_BODY_MALFORMED');
  });

  it('names a failing query parameter', async () => {
    const { app } = await exampleService();
    const res = await app.inject({ method: 'GET', url: '/search?limit=500' });

    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({
      code: 'KIT_REQUEST_INVALID',
      detail: 'The request querystring does not match its schema',
      errors: [{ field: 'limit', code: 'too_big' }],
    });
  });

  it('refuses a body that is not JSON with a 415 problem', async () => {
    const { app } = await exampleService();
    const res = await app.inject({
      method: 'POST',
      url: '/orders',
      headers: { 'content-type': 'application/xml' },
      payload: '<order/>',
    });

    expect(res.statusCode).toBe(415);
    expect(res.json().code).toBe('KIT_UNSUPPORTED_MEDIA_TYPE');
  });

  it('answers a response that breaks its own schema with a 500 that shows nothing', async () => {
    const { app } = await exampleService();
    const res = await app.inject({ method: 'GET', url: '/drifted' });

    expect(res.statusCode).toBe(500);
    expect(res.json()).toMatchObject({ code: 'KIT_INTERNAL' });
    // The drifted value is long enough that a random trace id cannot contain it by chance.
    expect(res.body).not.toContain('7310452981');
    expect(res.json()).not.toHaveProperty('id');
  });

  it('maps catalogue categories to statuses with the rendered message', async () => {
    const { app } = await exampleService();
    const missing = await app.inject({ method: 'GET', url: '/orders/o-1' });
    const closed = await app.inject({ method: 'GET', url: '/orders/closed' });

    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({
      type: 'urn:hcts:problem:EXAMPLE_ORDER_NOT_FOUND',
      code: 'EXAMPLE_ORDER_NOT_FOUND',
      detail: 'No order o-1',
      instance: '/orders/o-1',
    });
    expect(closed.statusCode).toBe(422);
  });

  it('answers an unknown error with 500 and no internals, logging them instead', async () => {
    const { app, logs } = await exampleService();
    const res = await app.inject({ method: 'GET', url: '/boom' });

    expect(res.statusCode).toBe(500);
    expect(res.json()).toMatchObject({ code: 'KIT_INTERNAL', status: 500 });
    expect(res.body).not.toContain('hunter2');
    expect(res.body).not.toContain('db.internal');
    expect(res.body).not.toContain('stack');
    expect(logs.lines.join('')).toContain('request failed');
  });

  it('answers an unknown route with a 404 problem', async () => {
    const { app } = await exampleService();
    const res = await app.inject({ method: 'GET', url: '/nowhere?x=1' });

    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'KIT_ROUTE_NOT_FOUND', instance: '/nowhere' });
  });
});

describe('createService request context', () => {
  it('keeps a caller correlation id, echoes it and logs it', async () => {
    const { app, logs } = await exampleService();
    const correlationId = `corr-${crypto.randomUUID()}`;
    const res = await app.inject({
      method: 'GET',
      url: '/orders/o-2',
      headers: { 'x-correlation-id': correlationId },
    });

    expect(res.headers['x-correlation-id']).toBe(correlationId);
    expect(logs.lines.some((l) => l.includes(correlationId))).toBe(true);
  });

  it('replaces a correlation id that is too long or carries odd characters', async () => {
    const { app } = await exampleService();
    const odd = await app.inject({
      method: 'GET',
      url: '/orders/o-6',
      headers: { 'x-correlation-id': 'evil\u0007id with spaces' },
    });
    const long = await app.inject({
      method: 'GET',
      url: '/orders/o-7',
      headers: { 'x-correlation-id': 'a'.repeat(101) },
    });

    expect(odd.headers['x-correlation-id']).toBe(odd.headers['x-request-id']);
    expect(long.headers['x-correlation-id']).toBe(long.headers['x-request-id']);
  });

  it('generates a correlation id when absent', async () => {
    const { app } = await exampleService();
    const res = await app.inject({ method: 'GET', url: '/orders/o-3' });

    expect(res.headers['x-correlation-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('takes the trace id from an incoming traceparent', async () => {
    const { app } = await exampleService();
    const traceId = crypto.randomUUID().replaceAll('-', '');
    const res = await app.inject({
      method: 'GET',
      url: '/orders/o-4',
      headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01` },
    });

    expect(res.json().traceId).toBe(traceId);
  });
});
