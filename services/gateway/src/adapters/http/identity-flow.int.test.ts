import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../testing/client.ts';
import { registerMember, signInAdmin, signUpAndIn } from '../../testing/members.ts';
import type { TestGateway } from '../../testing/test-gateway.ts';
import { startTestGateway } from '../../testing/test-gateway.ts';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway('identity');
});
afterAll(async () => {
  await gw?.close();
});

describe('identity through the gateway', () => {
  it('signs up, confirms the email, signs in and reports the role', async () => {
    const member = await signUpAndIn(gw, 'newcomer');
    const role = await member.client.get('/api/user/role');

    expect(role.status).toBe(200);
    expect(role.json).toMatchObject({ userId: member.userId, role: null, via: 'session' });
  });

  it('registers a pending organization that the admin verifies', async () => {
    const insurer = await registerMember(gw, 'insurer', { verify: false });
    const pending = await insurer.client.post('/api/verification/status', {});
    expect(pending.json).toMatchObject({ kind: 'insurer', status: 'pending' });

    const admin = await signInAdmin(gw);
    const list = await admin.client.get('/api/verification/organizations?status=pending');
    expect(
      list.json.organizations.map((o: { organizationId: string }) => o.organizationId),
    ).toContain(insurer.organizationId);
    await admin.client.post('/api/verification/decisions', {
      organizationId: insurer.organizationId,
      status: 'verified',
    });

    const role = await insurer.client.get('/api/user/role');
    expect(role.json).toMatchObject({ role: 'insurer', organizationStatus: 'verified' });
  });

  it("keeps the kind and status of an organization out of its members' hands", async () => {
    const member = await signUpAndIn(gw, 'schemer');
    const asOperator = await member.client.post('/api/auth/organization/create', {
      name: 'Not the operator',
      slug: `fake-operator-${member.userId.slice(-8)}`,
      kind: 'operator',
    });
    expect(asOperator.status).toBe(403);

    const selfVerified = await member.client.post('/api/auth/organization/create', {
      name: 'Self verified',
      slug: `self-verified-${member.userId.slice(-8)}`,
      kind: 'insurer',
      status: 'verified',
    });
    expect(selfVerified.status).toBe(200);
    expect(selfVerified.json.status).toBe('pending');

    const changed = await member.client.post('/api/auth/organization/update', {
      organizationId: selfVerified.json.id,
      data: { kind: 'provider' },
    });
    expect(changed.status).toBeGreaterThanOrEqual(400);
    const after = await member.client.post('/api/verification/status', {
      organizationId: selfVerified.json.id,
    });
    expect(after.json).toMatchObject({ kind: 'insurer', status: 'pending' });
  });

  it('answers an organization update naming a fixed or unknown field with a 400 naming it', async () => {
    const owner = await registerMember(gw, 'insurer', { verify: false });
    const update = (data: unknown) =>
      owner.client.post('/api/auth/organization/update', {
        organizationId: owner.organizationId,
        data,
      });

    const refusals = [
      [{ status: 'verified' }, 'GATEWAY_ORGANIZATION_FIELD_FIXED', 'data.status'],
      [{ foo: 1 }, 'GATEWAY_ORGANIZATION_FIELD_UNKNOWN', 'data.foo'],
      [{ name: 'Renamed', kind: 'provider' }, 'GATEWAY_ORGANIZATION_FIELD_FIXED', 'data.kind'],
      [{}, 'GATEWAY_ORGANIZATION_NOTHING_TO_CHANGE', 'data'],
    ] as const;
    for (const [data, code, field] of refusals) {
      const answer = await update(data);
      expect({ data, status: answer.status, code: answer.json.code }).toEqual({
        data,
        status: 400,
        code,
      });
      expect(answer.headers.get('content-type')).toContain('application/problem+json');
      expect(answer.json.errors.map((e: { field: string }) => e.field)).toEqual([field]);
    }

    const renamed = await update({ country: 'DE' });
    expect(renamed.status).toBe(200);
    const after = await owner.client.post('/api/verification/status', {
      organizationId: owner.organizationId,
    });
    expect(after.json).toMatchObject({ kind: 'insurer', status: 'pending' });
  });

  it('lets only admins list organizations or decide on them, their own too', async () => {
    const pending = await registerMember(gw, 'provider', { verify: false });
    const insurer = await registerMember(gw, 'insurer');

    for (const caller of [pending, insurer]) {
      const list = await caller.client.get('/api/verification/organizations?status=pending');
      const decided = await caller.client.post('/api/verification/decisions', {
        organizationId: pending.organizationId,
        status: 'verified',
      });
      expect([list.status, decided.status]).toEqual([403, 403]);
    }

    const after = await pending.client.post('/api/verification/status', {});
    expect(after.json).toMatchObject({ status: 'pending' });
  });

  it('refuses a change made with the session cookie from another site', async () => {
    const insurer = await registerMember(gw, 'insurer');
    const before = gw.stubs.trading!.seen.length;

    const foreign = await insurer.client.call('POST', '/api/purchase/quote', {
      body: {},
      headers: { origin: 'http://evil.example' },
    });
    const own = await insurer.client.call('POST', '/api/purchase/quote', { body: {} });

    const cookie = [...insurer.client.cookies].map(([k, v]) => `${k} =${v}`).join('; ');
    const oddlySpelled = await createClient(gw.url).call('POST', '/api/purchase/quote', {
      body: {},
      headers: { origin: 'http://evil.example', cookie },
      cookies: false,
    });
    const badBearer = await insurer.client.call('POST', '/api/purchase/quote', {
      body: {},
      headers: { authorization: 'Bearer x.y.z' },
    });

    expect(foreign.status).toBe(403);
    expect(foreign.json.code).toBe('GATEWAY_ORIGIN_REFUSED');
    expect(oddlySpelled.status).toBe(403);
    expect(badBearer.status).toBe(401);
    expect(own.status).toBe(200);
    expect(gw.stubs.trading!.seen.length).toBe(before + 1);
  });
});
