import { uniqueName } from '@hcts/test-harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, catalogTestApp } from '../../testing/catalog-test-app.ts';

let t: Awaited<ReturnType<typeof catalogTestApp>>;
const providerA = uniqueName('provider-a');
const providerB = uniqueName('provider-b');
const insurer = uniqueName('insurer');

beforeAll(async () => {
  t = await catalogTestApp('catalog_api');
});
afterAll(async () => {
  await t?.close();
});

function aService(overrides: Record<string, unknown> = {}) {
  return {
    name: 'Inguinal hernia repair, open',
    description: 'Open repair of an initial inguinal hernia in an adult',
    procedureCode: { system: 'CPT', code: '49505' },
    indicationCodes: ['DD51'],
    careSetting: 'outpatient',
    unit: 'procedure',
    basePrice: { amountMinor: 800_000, currency: 'USD' },
    ...overrides,
  };
}

async function create(body: Record<string, unknown>, organization = providerA) {
  return t.app.inject({
    method: 'POST',
    url: '/api/services',
    headers: as('provider', organization),
    payload: body,
  });
}

describe('services', () => {
  it('creates a draft with indications checked against the release, and stages an event', async () => {
    const response = await create(aService());
    expect(response.statusCode).toBe(201);
    const service = response.json();
    expect(service).toMatchObject({
      status: 'draft',
      version: 1,
      providerOrganizationId: providerA,
    });
    expect(service.indications).toEqual([
      { code: 'DD51', releaseId: '2025-01', title: 'Inguinal hernia', chapterNo: '13' },
    ]);
    const events = await t.outboxTypes();
    expect(events.at(-1)).toEqual({
      event_type: 'hcts.catalog.service-updated.v1',
      message_key: service.serviceId,
    });
  });

  it('publishes, then retires, each with its event; a retired service stays retired', async () => {
    const service = (await create(aService())).json();
    const put = (status: string, version: number) =>
      t.app.inject({
        method: 'PUT',
        url: `/api/services/${service.serviceId}`,
        headers: as('provider', providerA),
        payload: aService({ status, expectedVersion: version }),
      });

    expect((await put('published', 1)).json()).toMatchObject({ status: 'published', version: 2 });
    expect((await t.outboxTypes()).at(-1)?.event_type).toBe('hcts.catalog.service-published.v1');
    expect((await put('retired', 2)).json()).toMatchObject({ status: 'retired', version: 3 });
    expect((await t.outboxTypes()).at(-1)?.event_type).toBe('hcts.catalog.service-retired.v1');

    const back = await put('published', 3);
    expect(back.statusCode).toBe(422);
    expect(back.json().code).toBe('CATALOG_BAD_TRANSITION');
    const stale = await put('retired', 1);
    expect(stale.statusCode).toBe(409);
  });

  it('lets no provider touch or see the draft of another provider', async () => {
    const service = (await create(aService())).json();
    const url = `/api/services/${service.serviceId}`;

    const change = await t.app.inject({
      method: 'PUT',
      url,
      headers: as('provider', providerB),
      payload: aService({ name: 'Taken over' }),
    });
    expect(change.statusCode).toBe(403);
    expect(change.headers['content-type']).toContain('application/problem+json');
    expect(change.json().code).toBe('CATALOG_NOT_OWNER');

    expect(
      (await t.app.inject({ method: 'GET', url, headers: as('provider', providerB) })).statusCode,
    ).toBe(404);
    expect(
      (await t.app.inject({ method: 'GET', url, headers: as('provider', providerA) })).statusCode,
    ).toBe(200);
    expect(
      (await t.app.inject({ method: 'GET', url, headers: as('admin', 'operator') })).statusCode,
    ).toBe(200);

    const insurerCreates = await t.app.inject({
      method: 'POST',
      url: '/api/services',
      headers: as('insurer', insurer),
      payload: aService(),
    });
    expect(insurerCreates.statusCode).toBe(403);
    const anonymous = await t.app.inject({ method: 'GET', url });
    expect(anonymous.statusCode).toBe(401);
  });

  it('shows a service by id to its owner, and a published one to every member as an offer', async () => {
    const draft = (await create(aService())).json();
    const offer = (await create(aService({ status: 'published' }))).json();
    const get = (url: string, headers: Record<string, string>) =>
      t.app.inject({ method: 'GET', url, headers });
    const buyer = as('insurer', insurer);

    const owned = await get(`/api/services/${offer.serviceId}`, as('provider', providerA));
    expect(owned.json()).toMatchObject({ serviceId: offer.serviceId, status: 'published' });
    for (const other of [buyer, as('provider', providerB)]) {
      expect((await get(`/api/services/${offer.serviceId}`, other)).statusCode).toBe(404);
    }

    for (const reader of [buyer, as('provider', providerB), as('admin', 'operator')]) {
      const read = await get(`/api/marketplace/services/${offer.serviceId}`, reader);
      expect(read.statusCode).toBe(200);
      expect(read.json()).toMatchObject({ serviceId: offer.serviceId, name: offer.name });
    }
    const notOffered = await get(`/api/marketplace/services/${draft.serviceId}`, buyer);
    expect(notOffered.statusCode).toBe(404);
    expect(notOffered.json().code).toBe('CATALOG_SERVICE_NOT_FOUND');
    expect((await get('/api/marketplace/services/not-a-uuid', buyer)).statusCode).toBe(400);
    expect(
      (await t.app.inject({ method: 'GET', url: `/api/marketplace/services/${offer.serviceId}` }))
        .statusCode,
    ).toBe(401);
  });

  it('names the field of bad input in problem+json', async () => {
    const cases: [Record<string, unknown>, string, number][] = [
      [aService({ indicationCodes: ['DD51', 'XX99.9'] }), 'indicationCodes.1', 400],
      [aService({ basePrice: { amountMinor: -1, currency: 'USD' } }), 'basePrice.amountMinor', 400],
      [aService({ colour: 'blue' }), 'colour', 400],
      [aService({ name: 'a\u0000b' }), 'name', 400],
      [aService({ name: 'a\ud800b' }), 'name', 400],
      [aService({ description: 'x\udfff' }), 'description', 400],
    ];
    for (const [body, field, status] of cases) {
      const response = await create(body);
      expect(response.statusCode).toBe(status);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.json().errors.map((e: { field: string }) => e.field)).toContain(field);
    }
  });

  it('names q when an ICD-11 search carries a NUL', async () => {
    const response = await t.app.inject({
      method: 'GET',
      url: '/api/icd11/search?q=a%00',
      headers: as('provider', providerA),
    });

    expect(response.statusCode).toBe(400);
    expect(response.json().errors[0].field).toBe('q');
  });

  it('keeps large bodies to the price-file upload: other routes refuse more than 1 MiB', async () => {
    const response = await create(aService({ description: 'x'.repeat(1_100_000) }));
    expect(response.statusCode).toBe(413);
    expect(response.json().code).toBe('KIT_BODY_TOO_LARGE');
  });

  it('builds bundles whose shares sum to 10,000 bp, and refuses others naming the field', async () => {
    const part1 = (await create(aService({ name: 'Anaesthesia', indicationCodes: [] }))).json();
    const part2 = (await create(aService({ name: 'Surgeon fee', indicationCodes: [] }))).json();
    const components = (shares: [number, number]) => [
      { serviceId: part1.serviceId, quantity: 1, shareBps: shares[0] },
      { serviceId: part2.serviceId, quantity: 1, shareBps: shares[1] },
    ];

    const bad = await create(
      aService({ name: 'Hernia bundle', components: components([6_000, 3_000]) }),
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({
      code: 'CATALOG_SHARES_DO_NOT_SUM',
      errors: [{ field: 'components' }],
    });

    const foreign = (await create(aService({ name: 'Not mine' }), providerB)).json();
    const stolen = await create(
      aService({ components: [{ serviceId: foreign.serviceId, quantity: 1, shareBps: 10_000 }] }),
    );
    expect(stolen.statusCode).toBe(400);
    expect(stolen.json().errors[0].field).toBe('components.0.serviceId');

    const good = await create(
      aService({
        name: 'Hernia bundle',
        components: components([6_000, 4_000]),
        status: 'published',
      }),
    );
    expect(good.statusCode).toBe(201);
    const quote = await t.app.inject({
      method: 'POST',
      url: `/api/services/${good.json().serviceId}/quote`,
      headers: as('insurer', insurer),
      payload: { quantity: 3 },
    });
    const line = quote.json().line;
    expect(line.lineTotalMinor).toBe(2_400_000);
    expect(line.components.map((c: { amountMinor: number }) => c.amountMinor)).toEqual([
      1_440_000, 960_000,
    ]);
  });
});

describe('price lists and quotes', () => {
  it('prices by buyer list over default list over base, with rule ids and versions', async () => {
    const service = (
      await create(
        aService({ status: 'published', basePrice: { amountMinor: 100_000, currency: 'USD' } }),
      )
    ).json();
    const list = (payload: Record<string, unknown>) =>
      t.app.inject({
        method: 'POST',
        url: '/api/services/price-lists',
        headers: as('provider', providerA),
        payload,
      });
    const quote = (buyer: string, quantity: number) =>
      t.app.inject({
        method: 'POST',
        url: `/api/services/${service.serviceId}/quote`,
        headers: as('insurer', buyer),
        payload: { quantity },
      });

    expect((await quote(insurer, 1)).json().line).toMatchObject({
      unitPriceMinor: 100_000,
      priceSource: 'base-price',
    });

    const general = await list({
      name: 'Default',
      currency: 'USD',
      validFrom: '2020-01-01T00:00:00Z',
      entries: [{ serviceId: service.serviceId, unitPriceMinor: 90_000 }],
    });
    expect(general.statusCode).toBe(201);
    expect((await quote(insurer, 1)).json().line).toMatchObject({
      unitPriceMinor: 90_000,
      priceSource: 'default-list',
    });

    const negotiated = (
      await list({
        name: 'Negotiated',
        buyerOrganizationId: insurer,
        currency: 'USD',
        validFrom: '2020-01-01T00:00:00Z',
        entries: [{ serviceId: service.serviceId, unitPriceMinor: 80_000 }],
        rules: [
          {
            kind: 'volume-tier',
            serviceId: null,
            tiers: [{ minQuantity: 10, discountBps: 1_000 }],
          },
        ],
      })
    ).json();
    const tiered = (await quote(insurer, 10)).json().line;
    expect(tiered).toMatchObject({
      unitPriceMinor: 72_000,
      lineTotalMinor: 720_000,
      priceListId: negotiated.priceListId,
    });
    expect(tiered.appliedRules).toEqual([{ ruleId: negotiated.rules[0].ruleId, version: 1 }]);
    expect((await quote(uniqueName('other-insurer'), 10)).json().line.unitPriceMinor).toBe(90_000);

    const changed = await t.app.inject({
      method: 'PUT',
      url: `/api/services/price-lists/${negotiated.priceListId}`,
      headers: as('provider', providerA),
      payload: {
        name: 'Negotiated',
        buyerOrganizationId: insurer,
        currency: 'USD',
        validFrom: '2020-01-01T00:00:00Z',
        entries: [{ serviceId: service.serviceId, unitPriceMinor: 80_000 }],
        rules: [
          {
            kind: 'volume-tier',
            ruleId: negotiated.rules[0].ruleId,
            serviceId: null,
            tiers: [{ minQuantity: 10, discountBps: 2_000 }],
          },
        ],
      },
    });
    expect(changed.json()).toMatchObject({
      version: 2,
      rules: [{ ruleId: negotiated.rules[0].ruleId, version: 2 }],
    });
    expect((await quote(insurer, 10)).json().line).toMatchObject({
      unitPriceMinor: 64_000,
      appliedRules: [{ version: 2 }],
    });
    expect((await t.outboxTypes()).at(-1)?.event_type).toBe('hcts.catalog.price-list-changed.v1');

    const foreign = await t.app.inject({
      method: 'PUT',
      url: `/api/services/price-lists/${negotiated.priceListId}`,
      headers: as('provider', providerB),
      payload: { name: 'x', currency: 'USD', validFrom: '2020-01-01T00:00:00Z' },
    });
    expect(foreign.statusCode).toBe(403);
  });
});

describe('listings and statistics', () => {
  it('lists by role and counts a provider its own services only', async () => {
    const owner = uniqueName('provider-stats');
    await create(aService({ status: 'published', indicationCodes: [] }), owner);
    await create(aService({ careSetting: 'inpatient', indicationCodes: [] }), owner);

    const stats = await t.app.inject({
      method: 'GET',
      url: '/api/services/stats',
      headers: as('provider', owner),
    });
    expect(stats.json()).toEqual({
      total: 2,
      byStatus: { draft: 1, published: 1, retired: 0 },
      byCareSetting: { outpatient: 1, inpatient: 1 },
      composite: 0,
    });
    const denied = await t.app.inject({
      method: 'GET',
      url: '/api/services/stats',
      headers: as('insurer', insurer),
    });
    expect(denied.statusCode).toBe(403);

    const own = await t.app.inject({
      method: 'GET',
      url: `/api/services/provider/${owner}`,
      headers: as('provider', owner),
    });
    expect(own.json().items).toHaveLength(2);
    const seenByInsurer = await t.app.inject({
      method: 'GET',
      url: `/api/services/provider/${owner}`,
      headers: as('insurer', insurer),
    });
    expect(seenByInsurer.json().items.map((s: { status: string }) => s.status)).toEqual([
      'published',
    ]);
  });
});
