import { uniqueName } from '@hcts/test-harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, catalogTestApp } from '../../testing/catalog-test-app.ts';

let t: Awaited<ReturnType<typeof catalogTestApp>>;
const provider = uniqueName('provider');
const insurer = uniqueName('insurer');
const ids: Record<string, string> = {};

async function publish(key: string, body: Record<string, unknown>) {
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/services',
    headers: as('provider', provider),
    payload: {
      careSetting: 'outpatient',
      basePrice: { amountMinor: 10_000, currency: 'USD' },
      status: 'published',
      ...body,
    },
  });
  expect(response.statusCode).toBe(201);
  ids[key] = response.json().serviceId;
}

beforeAll(async () => {
  t = await catalogTestApp('catalog_market');
  await publish('hernia', {
    name: 'Inguinal hernia repair',
    procedureCode: { system: 'CPT', code: '49505' },
    indicationCodes: ['DD51'],
    basePrice: { amountMinor: 800_000, currency: 'USD' },
  });
  await publish('mri', {
    name: 'MRI brain without contrast',
    description: 'Magnetic resonance imaging of the brain',
    procedureCode: { system: 'CPT', code: '70551' },
    indicationCodes: ['8A80'],
    basePrice: { amountMinor: 120_000, currency: 'USD' },
  });
  await publish('panel', {
    name: 'Basic metabolic panel',
    procedureCode: { system: 'CPT', code: '80048' },
    basePrice: { amountMinor: 30_000, currency: 'USD' },
  });
  await publish('bed', {
    name: 'Medical surgical bed',
    procedureCode: { system: 'RC', code: '120' },
    careSetting: 'inpatient',
    basePrice: { amountMinor: 500_000, currency: 'USD' },
  });
  await publish('cholera', {
    name: 'Cholera vaccination',
    procedureCode: { system: 'CPT', code: '90625' },
    indicationCodes: ['1A00'],
    basePrice: { amountMinor: 5_000, currency: 'USD' },
  });
  await t.app.inject({
    method: 'POST',
    url: '/api/services/price-lists',
    headers: as('provider', provider),
    payload: {
      name: 'Negotiated',
      buyerOrganizationId: insurer,
      currency: 'USD',
      validFrom: '2020-01-01T00:00:00Z',
      entries: [{ serviceId: ids.bed, unitPriceMinor: 1_000 }],
    },
  });
});
afterAll(async () => {
  await t?.close();
});

async function search(query: string, role: 'insurer' | 'provider' = 'insurer') {
  const response = await t.app.inject({
    method: 'GET',
    url: `/api/marketplace/services?provider=${provider}&${query}`,
    headers: as(role, role === 'insurer' ? insurer : provider),
  });
  expect(response.statusCode).toBe(200);
  return response.json() as {
    items: { serviceId: string; listPriceMinor: number }[];
    nextCursor: string | null;
  };
}
const names = (result: { items: { serviceId: string }[] }) =>
  result.items.map((item) => Object.keys(ids).find((key) => ids[key] === item.serviceId));

describe('marketplace search', () => {
  it('finds by words of the name, description, procedure code and indication titles', async () => {
    expect(names(await search('q=hernia'))).toEqual(['hernia']);
    expect(names(await search('q=magnetic%20resonance'))).toEqual(['mri']);
    expect(names(await search('q=80048'))).toEqual(['panel']);
    // "Cholera" is the title of the indication 1A00, folded and stemmed like the query.
    expect(names(await search('q=CHOLÉRA'))).toEqual(['cholera']);
  });

  it('filters by ICD-11 chapter and code, procedure system and care setting', async () => {
    expect(names(await search('chapter=13'))).toEqual(['hernia']);
    expect(names(await search('icd=1A'))).toEqual(['cholera']);
    expect(names(await search('system=RC'))).toEqual(['bed']);
    expect(names(await search('careSetting=inpatient'))).toEqual(['bed']);
  });

  it("filters and sorts by the caller's price list", async () => {
    expect(names(await search('sort=price'))).toEqual(['bed', 'cholera', 'panel', 'mri', 'hernia']);
    expect(names(await search('sort=price', 'provider'))).toEqual([
      'cholera',
      'panel',
      'mri',
      'bed',
      'hernia',
    ]);
    expect(names(await search('minPrice=20000&maxPrice=200000&sort=price'))).toEqual([
      'panel',
      'mri',
    ]);
  });

  it('pages with a cursor, bounded page size, no item twice', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await search(`sort=price&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((item) => item.serviceId));
      cursor = page.nextCursor;
    } while (cursor !== null);
    expect(seen).toEqual(
      Object.values(ids).length === 5 ? [ids.bed, ids.cholera, ids.panel, ids.mri, ids.hernia] : [],
    );

    const newest = await search('sort=newest&limit=50');
    expect(newest.items.map((item) => item.serviceId)).toEqual([
      ids.cholera,
      ids.bed,
      ids.panel,
      ids.mri,
      ids.hernia,
    ]);

    const tooMany = await t.app.inject({
      method: 'GET',
      url: '/api/marketplace/services?limit=500',
      headers: as('insurer', insurer),
    });
    expect(tooMany.statusCode).toBe(400);
    const forged = await t.app.inject({
      method: 'GET',
      url: '/api/marketplace/services?cursor=bm9wZQ',
      headers: as('insurer', insurer),
    });
    expect(forged.json().errors[0].field).toBe('cursor');
  });

  it('answers forged cursor keys with a 400 naming cursor, never a 500', async () => {
    const id = '01890a5d-ac96-774b-bcce-b302099a8057';
    const cursor = (k: unknown, s: string) =>
      Buffer.from(JSON.stringify({ k, id, s })).toString('base64url');
    const forgeries = [
      ['price', cursor('abc', 'price')],
      ['price', cursor(1e308, 'price')],
      ['price', cursor(-1, 'price')],
      ['relevance', cursor('abc', 'relevance')],
      ['relevance', cursor(1e308, 'relevance')],
      ['relevance', cursor(`1${'0'.repeat(100)}`, 'relevance')],
      ['newest', cursor(5, 'newest')],
    ];

    for (const [sort, forged] of forgeries) {
      const res = await t.app.inject({
        method: 'GET',
        url: `/api/marketplace/services?sort=${sort}&cursor=${forged}`,
        headers: as('insurer', insurer),
      });
      expect([sort, res.statusCode, res.json().errors?.[0]?.field]).toEqual([sort, 400, 'cursor']);
    }
  });

  it('pages by relevance with the cursor it hands out', async () => {
    const first = await t.app.inject({
      method: 'GET',
      url: '/api/marketplace/services?q=hernia&sort=relevance&limit=1',
      headers: as('insurer', insurer),
    });
    const cursor = first.json().nextCursor;
    expect(typeof cursor).toBe('string');

    const next = await t.app.inject({
      method: 'GET',
      url: `/api/marketplace/services?q=hernia&sort=relevance&limit=1&cursor=${cursor}`,
      headers: as('insurer', insurer),
    });
    expect(next.statusCode).toBe(200);
  });
});

describe('ICD-11 endpoints', () => {
  it('searches and looks up with ancestors and children', async () => {
    const found = await t.app.inject({
      method: 'GET',
      url: '/api/icd11/search?q=inguinal%20hernia',
      headers: as('insurer', insurer),
    });
    expect(found.json().items[0]).toMatchObject({ code: 'DD51', chapterNo: '13' });

    const lookup = await t.app.inject({
      method: 'GET',
      url: '/api/icd11/DD51',
      headers: as('insurer', insurer),
    });
    expect(lookup.json()).toMatchObject({
      releaseId: '2025-01',
      entity: { code: 'DD51', title: 'Inguinal hernia' },
    });
    expect(lookup.json().ancestors[0].key).toBe('13');

    const missing = await t.app.inject({
      method: 'GET',
      url: '/api/icd11/ZZ99',
      headers: as('insurer', insurer),
    });
    expect(missing.statusCode).toBe(404);
  });
});
