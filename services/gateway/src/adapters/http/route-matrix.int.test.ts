import { randomUUID } from 'node:crypto';
import { createAccessTokenVerifier } from '@hcts/auth';
import type { Role } from '@hcts/contracts';
import { scopeOf } from '@hcts/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteEntry } from '../../app/route-table.ts';
import { routeKey, routeTable } from '../../app/route-table.ts';
import { createClient } from '../../testing/client.ts';
import type { Member } from '../../testing/members.ts';
import { registerMember, signInAdmin } from '../../testing/members.ts';
import type { TestGateway } from '../../testing/test-gateway.ts';
import { startTestGateway } from '../../testing/test-gateway.ts';

type Actor = 'anonymous' | Role;
interface Caller {
  member?: Member;
  token?: string;
  organizationId?: string;
}

let gw: TestGateway;
const callers = new Map<Actor, Caller>();
let stranger: Member;

beforeAll(async () => {
  gw = await startTestGateway('matrix');
  callers.set('anonymous', {});
  for (const kind of ['provider', 'insurer', 'intermediary'] as const) {
    const member = await registerMember(gw, kind);
    callers.set(kind, {
      member,
      token: await member.accessToken(),
      organizationId: member.organizationId,
    });
  }
  const admin = await signInAdmin(gw);
  callers.set('admin', { member: admin, token: await admin.accessToken() });
  stranger = await registerMember(gw, 'insurer');
});
afterAll(async () => {
  await gw?.close();
});

// Routes the gateway serves itself with no policy entry: health, documents, its JWKS.
const infrastructure = new Set([
  'GET /',
  'GET /api',
  'GET /health/live',
  'GET /health/ready',
  'GET /openapi.json',
  'GET /.well-known/jwks.json',
]);

const walked = routeTable.filter((r) => r.target !== 'identity' && r.target !== 'gateway');

/** The path with its parameters filled: the caller's own ids, or another organization's. */
function pathFor(route: RouteEntry, caller: Caller, foreign: boolean): string {
  return route.path.replace(/:(\w+)/g, (_, name: string) => {
    const owner = route.access.kind === 'member' ? route.access.owner : undefined;
    if (owner?.param !== name) return randomUUID();
    if (owner.of === 'organization') {
      return foreign ? stranger.organizationId! : (caller.organizationId ?? randomUUID());
    }
    return foreign ? stranger.userId : (caller.member?.userId ?? randomUUID());
  });
}

function expected(route: RouteEntry, actor: Actor): 200 | 401 | 403 {
  if (route.access.kind === 'public') return 200;
  if (actor === 'anonymous') return 401;
  if (route.access.kind === 'signed-in') return 200;
  return scopeOf(actor, route.access.resource, route.access.action) ? 200 : 403;
}

async function call(route: RouteEntry, actor: Actor, foreign = false) {
  const caller = callers.get(actor)!;
  const headers: Record<string, string> = caller.token
    ? { authorization: `Bearer ${caller.token}` }
    : {};
  // A caller trying to pass as an admin: the gateway must replace these headers.
  headers['x-hcts-role'] = 'admin';
  headers['x-hcts-organization-id'] = 'someone-else';
  const hasBody = route.method !== 'GET' && route.method !== 'DELETE';
  return createClient(gw.url).call(route.method, pathFor(route, caller, foreign), {
    headers,
    body: hasBody ? { probe: true } : undefined,
  });
}

describe('every route against the permission matrix', () => {
  it('gives every registered route a policy entry', () => {
    const table = new Set(routeTable.map((r) => routeKey(r.method, r.path)));
    const unpoliced = gw.routes.filter(
      (r) =>
        !table.has(r) && !infrastructure.has(r) && !r.startsWith('HEAD ') && !r.includes('/docs'),
    );
    expect(unpoliced).toEqual([]);
  });

  for (const actor of ['anonymous', 'admin', 'provider', 'insurer', 'intermediary'] as const) {
    it(`answers ${actor} as the matrix says, on every route`, async () => {
      const violations: string[] = [];
      for (const route of walked) {
        const answer = await call(route, actor);
        const want = expected(route, actor);
        const got = answer.status === 200 ? 200 : answer.status;
        if (got !== want) violations.push(`${route.method} ${route.path}: ${got}, want ${want}`);
      }
      expect(violations).toEqual([]);
    });
  }

  it("refuses another organization's objects named in the path", async () => {
    const violations: string[] = [];
    const owned = walked.filter((r) => r.access.kind === 'member' && r.access.owner);
    for (const route of owned) {
      for (const actor of ['provider', 'insurer', 'intermediary'] as const) {
        if (expected(route, actor) !== 200) continue;
        const answer = await call(route, actor, true);
        if (answer.status !== 403) violations.push(`${actor} ${route.path}: ${answer.status}`);
      }
      const admin = await call(route, 'admin', true);
      if (admin.status !== 200) violations.push(`admin ${route.path}: ${admin.status}`);
    }
    expect(owned.length).toBeGreaterThan(0);
    expect(violations).toEqual([]);
  });
});

describe('forwarding', () => {
  it("passes the caller's identity, not the headers a client made up", async () => {
    const insurer = callers.get('insurer')!;
    await call(routeTable.find((r) => r.path === '/api/transactions')!, 'insurer');
    const seen = gw.stubs.trading!.seen.at(-1)!;

    expect(seen.headers['x-hcts-role']).toBe('insurer');
    expect(seen.headers['x-hcts-organization-id']).toBe(insurer.organizationId);
    expect(seen.headers['x-hcts-user-id']).toBe(insurer.member!.userId);
    expect(seen.headers['x-hcts-scope']).toBe('own');
    expect(seen.headers.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    expect(seen.headers['x-correlation-id']).toBeTruthy();

    const verify = createAccessTokenVerifier({
      issuer: gw.url,
      audience: 'hcts-services',
      jwksUrl: `${gw.url}/.well-known/jwks.json`,
    });
    const token = String(seen.headers.authorization).replace('Bearer ', '');
    expect(await verify(token)).toMatchObject({ role: 'insurer', userId: insurer.member!.userId });
  });

  it('mints an access token for a session caller and streams the body through', async () => {
    const provider = callers.get('provider')!;
    const answer = await provider.member!.client.call('POST', '/api/services?x=1', {
      body: { name: 'MRI knee', price: 12_000 },
      headers: { traceparent: `00-${'a'.repeat(32)}-${'b'.repeat(16)}-01` },
    });
    const seen = gw.stubs.catalog!.seen.at(-1)!;

    expect(answer.status).toBe(200);
    expect(seen.url).toBe('/api/services?x=1');
    expect(JSON.parse(seen.body)).toEqual({ name: 'MRI knee', price: 12_000 });
    expect(seen.headers.cookie).toBeUndefined();
    expect(seen.headers.traceparent).toMatch(new RegExp(`^00-${'a'.repeat(32)}-`));
    expect(String(seen.headers.authorization)).toMatch(/^Bearer eyJ/);
  });

  it("rewrites the certificates' JWKS path", async () => {
    await createClient(gw.url).get('/api/certificates/jwks.json');
    expect(gw.stubs.certificates!.seen.at(-1)!.url).toBe('/.well-known/jwks.json');
  });

  it('keeps a pending organization from trading', async () => {
    const pending = await registerMember(gw, 'insurer', { verify: false });
    const answer = await pending.client.post('/api/purchase/initiate', { quoteId: 'q1' });

    expect(answer.status).toBe(422);
    expect(answer.json.code).toBe('GATEWAY_ORGANIZATION_NOT_VERIFIED');
  });

  it('answers 503 problem+json when a service is down', async () => {
    await gw.stubs.webhooks!.close();
    const answer = await createClient(gw.url).get('/api/webhooks/endpoints', {
      authorization: `Bearer ${callers.get('insurer')!.token}`,
    });

    expect(answer.status).toBe(503);
    expect(answer.headers.get('content-type')).toContain('application/problem+json');
    expect(answer.json.code).toBe('GATEWAY_UPSTREAM_UNAVAILABLE');
  });
});
