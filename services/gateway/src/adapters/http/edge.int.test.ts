import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../testing/client.ts';
import type { Member } from '../../testing/members.ts';
import { registerMember } from '../../testing/members.ts';
import type { TestGateway } from '../../testing/test-gateway.ts';
import { startTestGateway } from '../../testing/test-gateway.ts';

let gw: TestGateway;

// What the trading service says about itself: one served route, one the gateway does not serve.
const tradingDoc = {
  openapi: '3.1.0',
  paths: {
    '/api/transactions/{id}': {
      get: {
        summary: 'One transaction with its history',
        responses: {
          200: {
            content: {
              'application/json': { schema: { $ref: '#/components/schemas/Transaction' } },
            },
          },
        },
      },
    },
    '/internal/replay': { post: { summary: 'not public' } },
  },
  components: { schemas: { Transaction: { type: 'object' } } },
};
let insurer: Member;
beforeAll(async () => {
  gw = await startTestGateway('edge', { RATE_LIMIT_PER_MINUTE: '5' }, { trading: tradingDoc });
  insurer = await registerMember(gw, 'insurer');
});
afterAll(async () => {
  await gw?.close();
});

describe('API keys', () => {
  it('creates a key shown once, stored hashed, usable within its scopes until revoked', async () => {
    const created = await insurer.client.post('/api/auth/api-key/create', {
      name: 'claims system',
      scopes: ['transactions:read'],
      expiresInDays: 30,
      rateLimitPerMinute: 100,
    });
    expect(created.status).toBe(200);
    const key = created.json.key as string;
    expect(key).toMatch(/^hcts_[\w-]{43}$/);

    const { rows } = await sql<{ keyHash: string }>`
      select "keyHash" from "apiKey" where id = ${created.json.id}`.execute(gw.db);
    expect(rows[0]!.keyHash).not.toContain(key.slice(5));
    const listed = await insurer.client.get('/api/auth/api-key/list');
    expect(JSON.stringify(listed.json)).not.toContain(key);

    const partner = createClient(gw.url);
    expect((await partner.get('/api/transactions', { 'x-api-key': key })).status).toBe(200);
    const seen = gw.stubs.trading!.seen.at(-1)!;
    expect(seen.headers['x-hcts-organization-id']).toBe(insurer.organizationId);
    expect((await partner.get('/api/payments/status/p1', { 'x-api-key': key })).status).toBe(403);

    const used = await sql<{ lastUsedAt: Date | null }>`
      select "lastUsedAt" from "apiKey" where id = ${created.json.id}`.execute(gw.db);
    expect(used.rows[0]!.lastUsedAt).not.toBeNull();

    await insurer.client.post('/api/auth/api-key/revoke', { keyId: created.json.id });
    expect(
      (await partner.get('/api/transactions', { authorization: `Bearer ${key}` })).status,
    ).toBe(401);
  });

  it('refuses scopes the organization does not have', async () => {
    const created = await insurer.client.post('/api/auth/api-key/create', {
      name: 'too much',
      scopes: ['auditLogs:read'],
    });
    expect(created.status).toBe(400);
  });
});

describe('rate limits', () => {
  it('answers 429 with Retry-After and RateLimit headers, and records the breach', async () => {
    const token = await insurer.accessToken();
    const statuses: number[] = [];
    let last: Awaited<ReturnType<ReturnType<typeof createClient>['get']>> | undefined;
    for (let i = 0; i < 6; i += 1) {
      last = await createClient(gw.url).get('/api/cart', { authorization: `Bearer ${token}` });
      statuses.push(last.status);
    }

    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(last!.headers.get('ratelimit')).toMatch(/^"user";r=0;t=\d+$/);
    expect(last!.headers.get('ratelimit-policy')).toBe('"user";q=5;w=60');
    const { rows } = await sql`
      select 1 from gateway_security_event where type = 'gateway.rate-limited'`.execute(gw.db);
    expect(rows.length).toBeGreaterThan(0);
  });
});

describe('health and documents', () => {
  it('serves its metrics to operators on their own listener, not on the public port', async () => {
    await insurer.client.get('/api/transactions');

    const scraped = await fetch(gw.metricsUrl);
    const text = await scraped.text();
    const publicly = await createClient(gw.url).get('/metrics');

    expect(scraped.status).toBe(200);
    expect(text).toMatch(/http_request_duration_seconds_count\{[^}]*route="\/api\/transactions"/);
    expect(text).toContain('process_resident_memory_bytes');
    expect(publicly.status).toBe(404);
  });

  it('names the entry points at / and /api, to anyone', async () => {
    const anon = createClient(gw.url);

    for (const path of ['/', '/api']) {
      const answer = await anon.get(path);
      expect(answer.status).toBe(200);
      expect(answer.json).toMatchObject({ reference: '/docs', openapi: '/openapi.json' });
    }
  });

  it('is ready only when every service is ready', async () => {
    const anon = createClient(gw.url);
    expect((await anon.get('/health/ready')).status).toBe(200);

    await gw.stubs.analytics!.close();
    const answer = await anon.get('/health/ready');
    expect(answer.status).toBe(503);
    expect(answer.json.checks.analytics.ok).toBe(false);
  });

  it('serves one OpenAPI 3.1 document with gateway, auth and service routes', async () => {
    const doc = (await createClient(gw.url).get('/openapi.json')).json;

    expect(doc.openapi).toBe('3.1.0');
    expect(doc.paths['/api/purchase/initiate'].post['x-hcts-policy']).toEqual({
      resource: 'transactions',
      action: 'create',
    });
    expect(doc.paths['/api/auth/sign-in/email']).toBeDefined();
    expect(doc.paths['/api/verification/decisions']).toBeDefined();

    const fromTrading = doc.paths['/api/transactions/{id}'].get;
    expect(fromTrading.summary).toBe('One transaction with its history');
    expect(fromTrading['x-hcts-policy']).toEqual({ resource: 'transactions', action: 'read' });
    expect(JSON.stringify(fromTrading)).toContain('#/components/schemas/trading.Transaction');
    expect(doc.components.schemas['trading.Transaction']).toBeDefined();
    expect(doc.paths['/internal/replay']).toBeUndefined();
    expect((await createClient(gw.url).get('/docs')).status).toBeLessThan(400);
  });
});
