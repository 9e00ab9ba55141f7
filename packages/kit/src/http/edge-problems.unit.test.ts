import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { baseConfig } from '../config/common-config.ts';
import { parseConfig } from '../config/load-config.ts';
import { createService } from './create-service.ts';
import { exampleService } from './example-service.test-support.ts';

const problemJson = /^application\/problem\+json/;

function codedError(message: string, props: Record<string, unknown>): Error {
  return Object.assign(new Error(message), props);
}

async function failingService(trustProxy: false | string[] = false) {
  return createService({
    name: 'edge',
    config: { HOST: '127.0.0.1', PORT: 0, LOG_LEVEL: 'silent', TRUST_PROXY: trustProxy },
    routes: (app) => {
      app.get('/refused', async () => {
        throw codedError('connect ECONNREFUSED 127.0.0.1:5432', { code: 'ECONNREFUSED' });
      });
      app.get('/terminating', async () => {
        throw codedError('terminating connection due to administrator command', { code: '57P01' });
      });
      app.get('/pool-timeout', async () => {
        throw new Error('timeout exceeded when trying to connect');
      });
      app.get('/nul', async () => {
        const cause = codedError('invalid byte sequence for encoding "UTF8": 0x00', {
          code: '22021',
        });
        throw new Error('insert failed', { cause });
      });
      app.get('/limited', async () => {
        throw codedError('Rate limit exceeded', { statusCode: 429 });
      });
      app.get('/ip', async (request) => ({ ip: request.ip }));
    },
  });
}

describe('problems at the edge (router, encodings, database failures)', () => {
  it('answers a malformed percent-escape in the path with a 400 problem', async () => {
    const { app } = await exampleService();
    const res = await app.inject({ method: 'GET', url: '/orders/%zz' });

    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(problemJson);
    expect(res.json()).toMatchObject({ code: 'KIT_URL_INVALID', traceId: expect.any(String) });
    expect(res.headers['x-request-id']).toBeDefined();
  });

  it('answers an over-long path parameter with a 414 problem', async () => {
    const { app } = await exampleService();
    const res = await app.inject({ method: 'GET', url: `/orders/${'a'.repeat(5_000)}` });

    expect(res.statusCode).toBe(414);
    expect(res.headers['content-type']).toMatch(problemJson);
    expect(res.json().code).toBe('KIT_PATH_PARAM_TOO_LONG');
  });

  it('answers a known path with a wrong method with 405 and Allow', async () => {
    const { app } = await exampleService();
    const post = await app.inject({ method: 'PATCH', url: '/orders' });
    const param = await app.inject({ method: 'DELETE', url: '/orders/o-9?x=1' });

    expect(post.statusCode).toBe(405);
    expect(post.headers.allow).toBe('POST');
    expect(post.json()).toMatchObject({ code: 'KIT_METHOD_NOT_ALLOWED', instance: '/orders' });
    expect(param.statusCode).toBe(405);
    expect(param.headers.allow).toBe('GET, HEAD');
  });

  it('keeps 404 for a path no method serves', async () => {
    const { app } = await exampleService();
    const res = await app.inject({ method: 'PATCH', url: '/elsewhere' });

    expect(res.statusCode).toBe(404);
    expect(res.headers.allow).toBeUndefined();
  });

  it('refuses a compressed body with 415 rather than calling it malformed', async () => {
    const { app } = await exampleService();
    const res = await app.inject({
      method: 'POST',
      url: '/orders',
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      payload: Buffer.from([0x1f, 0x8b, 0x08, 0x00]),
    });

    expect(res.statusCode).toBe(415);
    expect(res.json().code).toBe('KIT_UNSUPPORTED_ENCODING');
  });

  it('answers database connection failures with a 503 problem', async () => {
    const service = await failingService();
    for (const url of ['/refused', '/terminating', '/pool-timeout']) {
      const res = await service.app.inject({ method: 'GET', url });
      expect([url, res.statusCode, res.json().code]).toEqual([
        url,
        503,
        'KIT_DATABASE_UNAVAILABLE',
      ]);
    }
  });

  it('answers text the database refuses with a 400 problem, whatever wrapped it', async () => {
    const service = await failingService();
    const res = await service.app.inject({ method: 'GET', url: '/nul' });

    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('KIT_TEXT_UNSTORABLE');
  });

  it('answers a rate limit with a 429 KIT_RATE_LIMITED problem', async () => {
    const service = await failingService();
    const res = await service.app.inject({ method: 'GET', url: '/limited' });

    expect(res.statusCode).toBe(429);
    expect(res.json()).toMatchObject({ code: 'KIT_RATE_LIMITED', title: 'Too Many Requests' });
  });
});

describe('TRUST_PROXY', () => {
  const schema = z.object({ TRUST_PROXY: baseConfig.TRUST_PROXY });
  const parse = (value: string | undefined) => parseConfig(schema, { TRUST_PROXY: value });

  it('is off by default and takes addresses or CIDRs', () => {
    expect(parse(undefined).TRUST_PROXY).toBe(false);
    expect(parse('127.0.0.1, 10.0.0.0/8,::1').TRUST_PROXY).toEqual([
      '127.0.0.1',
      '10.0.0.0/8',
      '::1',
    ]);
  });

  it('refuses true and anything that is not an address', () => {
    expect(() => parse('true')).toThrow(/TRUST_PROXY/);
    expect(() => parse('10.0.0.0/33')).toThrow(/TRUST_PROXY/);
  });

  it('takes the client from X-Forwarded-For only when the peer is trusted', async () => {
    const trusting = await failingService(['127.0.0.1']);
    const plain = await failingService();
    const forwarded = { remoteAddress: '127.0.0.1', headers: { 'x-forwarded-for': '203.0.113.7' } };

    const seen = await trusting.app.inject({ method: 'GET', url: '/ip', ...forwarded });
    const ignored = await plain.app.inject({ method: 'GET', url: '/ip', ...forwarded });
    const stranger = await trusting.app.inject({
      method: 'GET',
      url: '/ip',
      remoteAddress: '198.51.100.1',
      headers: { 'x-forwarded-for': '203.0.113.7' },
    });

    expect(seen.json().ip).toBe('203.0.113.7');
    expect(ignored.json().ip).toBe('127.0.0.1');
    expect(stranger.json().ip).toBe('198.51.100.1');
  });
});
