import { createTestTokens } from '@hcts/auth/testing';
import { uniqueName } from '@hcts/test-harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, catalogTestApp, tokens } from '../../testing/catalog-test-app.ts';

let t: Awaited<ReturnType<typeof catalogTestApp>>;

beforeAll(async () => {
  t = await catalogTestApp('catalog_caller');
});
afterAll(async () => {
  await t?.close();
});

function aService(overrides: Record<string, unknown> = {}) {
  return {
    name: 'Knee arthroscopy',
    description: 'Diagnostic arthroscopy of the knee',
    procedureCode: { system: 'CPT', code: '29870' },
    indicationCodes: [],
    careSetting: 'outpatient',
    unit: 'procedure',
    basePrice: { amountMinor: 150_000, currency: 'USD' },
    ...overrides,
  };
}

/** What the gateway would add for `organizationId`; anyone reaching the port can type them. */
function forged(role: string, organizationId: string): Record<string, string> {
  return {
    'x-hcts-user-id': `user-of-${organizationId}`,
    'x-hcts-organization-id': organizationId,
    'x-hcts-role': role,
  };
}

async function draftOf(provider: string) {
  const created = await t.app.inject({
    method: 'POST',
    url: '/api/services',
    headers: as('provider', provider),
    payload: aService(),
  });
  expect(created.statusCode).toBe(201);
  return created.json() as { serviceId: string; version: number };
}

async function serviceAsOwner(provider: string, serviceId: string) {
  const url = `/api/services/${serviceId}`;
  return (await t.app.inject({ method: 'GET', url, headers: as('provider', provider) })).json();
}

describe('who calls the catalog', () => {
  it('answers 401 to forged x-hcts-* headers without a token on every route family', async () => {
    const provider = uniqueName('provider');
    const service = await draftOf(provider);
    const outboxBefore = (await t.outboxTypes()).length;
    const requests = [
      { method: 'GET', url: '/api/services' },
      { method: 'POST', url: '/api/services', payload: aService() },
      {
        method: 'PUT',
        url: `/api/services/${service.serviceId}`,
        payload: aService({ name: 'Taken over', expectedVersion: 1 }),
      },
      { method: 'GET', url: '/api/services/price-lists' },
      { method: 'GET', url: '/api/marketplace/services' },
      { method: 'GET', url: '/api/icd11/search?q=hernia' },
      { method: 'GET', url: '/api/icd11/DD51' },
      { method: 'POST', url: '/api/services/coding-assistant', payload: { name: 'Knee MRI' } },
      {
        method: 'PUT',
        url: '/api/services/payer-aliases',
        payload: { payerName: 'Forged Health', organizationId: uniqueName('payer') },
      },
      {
        method: 'POST',
        url: `/api/services/provider/${provider}/cms-standard-charges`,
        payload: 'a,b\n1,2\n',
        contentType: 'text/csv',
      },
    ] as const;

    for (const request of requests) {
      const role = request.url.includes('payer-aliases') ? 'admin' : 'provider';
      const headers = {
        ...forged(role, provider),
        ...('contentType' in request ? { 'content-type': request.contentType } : {}),
      };
      const answer = await t.app.inject({ ...request, headers });

      expect({ route: `${request.method} ${request.url}`, status: answer.statusCode }).toEqual({
        route: `${request.method} ${request.url}`,
        status: 401,
      });
      expect(answer.headers['content-type']).toContain('application/problem+json');
      expect(answer.json().code).toBe('AUTH_TOKEN_MISSING');
    }

    expect((await t.outboxTypes()).length).toBe(outboxBefore);
    expect(await serviceAsOwner(provider, service.serviceId)).toMatchObject({
      name: 'Knee arthroscopy',
      version: 1,
    });
  });

  it("does not let a provider's token change another provider's service", async () => {
    const owner = uniqueName('owner');
    const intruder = uniqueName('intruder');
    const service = await draftOf(owner);
    // The intruder's own valid token, with headers that claim to be the owner, then an admin.
    const headers = { ...forged('admin', owner), ...as('provider', intruder) };

    const change = await t.app.inject({
      method: 'PUT',
      url: `/api/services/${service.serviceId}`,
      headers,
      payload: aService({ name: 'Taken over', status: 'published', expectedVersion: 1 }),
    });
    expect(change.statusCode).toBe(403);
    expect(change.json().code).toBe('CATALOG_NOT_OWNER');

    const createFor = await t.app.inject({
      method: 'POST',
      url: '/api/services',
      headers,
      payload: aService({ providerOrganizationId: owner }),
    });
    expect(createFor.statusCode).toBe(403);
    expect(createFor.json().code).toBe('CATALOG_FORBIDDEN');

    const url = `/api/services/${service.serviceId}`;
    expect((await t.app.inject({ method: 'GET', url, headers })).statusCode).toBe(404);
    expect(await serviceAsOwner(owner, service.serviceId)).toMatchObject({
      name: 'Knee arthroscopy',
      status: 'draft',
      version: 1,
    });
  });

  it('refuses tokens the gateway did not sign, whatever they claim', async () => {
    const owner = uniqueName('owner');
    const service = await draftOf(owner);
    const claims = { userId: `user-of-${owner}`, organizationId: owner, role: 'provider' };
    const stranger = createTestTokens({ issuer: tokens.issuer, audience: tokens.audience });
    const cases: Array<[Record<string, string>, string]> = [
      [stranger.bearer(claims), 'AUTH_TOKEN_KEY_UNKNOWN'],
      [tokens.bearer(claims, { aud: 'another-audience' }), 'AUTH_TOKEN_CLAIMS_INVALID'],
      [{ authorization: 'Bearer not-a-token' }, 'AUTH_TOKEN_MALFORMED'],
    ];

    for (const [headers, code] of cases) {
      const answer = await t.app.inject({
        method: 'PUT',
        url: `/api/services/${service.serviceId}`,
        headers: { ...forged('provider', owner), ...headers },
        payload: aService({ name: 'Taken over', expectedVersion: 1 }),
      });
      expect({ code, status: answer.statusCode, answered: answer.json().code }).toEqual({
        code,
        status: 401,
        answered: code,
      });
    }
    expect(await serviceAsOwner(owner, service.serviceId)).toMatchObject({ version: 1 });
  });

  it('refuses a member whose role requires a second factor not yet set up', async () => {
    const provider = uniqueName('provider');
    const headers = tokens.bearer({
      userId: `user-of-${provider}`,
      organizationId: provider,
      role: 'provider',
      secondFactorMissing: true,
    });

    const answer = await t.app.inject({
      method: 'POST',
      url: '/api/services',
      headers,
      payload: aService(),
    });
    expect(answer.statusCode).toBe(403);
    expect(answer.json().code).toBe('AUTH_SECOND_FACTOR_REQUIRED');
  });
});
