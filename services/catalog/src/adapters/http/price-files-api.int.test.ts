import { readFile } from 'node:fs/promises';
import { uniqueName } from '@hcts/test-harness';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadHptSchemas } from '../../app/cms/hpt-schemas.ts';
import { validatePriceFile } from '../../app/cms/validate-price-file.ts';
import { as, catalogTestApp, cmsFolder } from '../../testing/catalog-test-app.ts';

let t: Awaited<ReturnType<typeof catalogTestApp>>;
const hospital = uniqueName('hospital');
const platformHealth = uniqueName('platform-health');

beforeAll(async () => {
  t = await catalogTestApp('catalog_files', { env: { PRICE_FILE_MAX_BYTES: '40000' } });
  const alias = await t.app.inject({
    method: 'PUT',
    url: '/api/services/payer-aliases',
    headers: as('admin', 'operator'),
    payload: { payerName: 'Platform Health Insurance', organizationId: platformHealth },
  });
  expect(alias.statusCode).toBe(204);
});
afterAll(async () => {
  await t?.close();
});

async function upload(file: string, contentType: string, organization = hospital, query = '') {
  return t.app.inject({
    method: 'POST',
    url: `/api/services/provider/${organization}/cms-standard-charges${query}`,
    headers: { ...as('provider', organization), 'content-type': contentType },
    payload: await readFile(`${cmsFolder}${file}`),
  });
}

describe('CMS price files', () => {
  it('rejects an invalid file as a whole with located errors and imports nothing', async () => {
    const response = await upload('fixtures-2.x/sample-bad-item-header.csv', 'text/csv');
    expect(response.statusCode).toBe(422);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json().errors).toContainEqual(
      expect.objectContaining({ field: 'row 3, column description', code: 'MISSING_COLUMN' }),
    );

    const json = await upload('fixtures-3.0/sample-missing-10th.json', 'application/json');
    expect(json.statusCode).toBe(422);
    expect(json.json().errors[0].field).toBe(
      '/standard_charge_information/1/standard_charges/0/payers_information/1/10th_percentile',
    );

    const list = await t.app.inject({
      method: 'GET',
      url: `/api/services/provider/${hospital}`,
      headers: as('provider', hospital),
    });
    expect(list.json().items).toEqual([]);
  });

  it('checks type and size before parsing', async () => {
    const type = await upload('fixtures-2.x/sample-valid.json', 'application/pdf');
    expect(type.statusCode).toBe(400);
    expect(type.json().code).toBe('CATALOG_PRICE_FILE_TYPE');
    const big = await t.app.inject({
      method: 'POST',
      url: `/api/services/provider/${hospital}/cms-standard-charges`,
      headers: { ...as('provider', hospital), 'content-type': 'text/csv' },
      payload: Buffer.alloc(50_000, 0x41),
    });
    expect(big.statusCode).toBe(413);
  });

  it('imports the v3 tall CSV: services, prices and the mapped payer list; a second import updates', async () => {
    const first = await upload('examples/V3.0.0_Tall_CSV_Format_Example.csv', 'text/csv');
    expect(first.statusCode).toBe(201);
    const outcome = first.json();
    expect(outcome).toMatchObject({
      valid: true,
      layout: 'csv-tall',
      schemaVersion: '3.0.0',
      updated: 0,
      unmappedPayers: ['Region Health Insurance'],
    });
    expect(outcome.created).toBeGreaterThan(10);
    expect(outcome.priceLists).toEqual([
      expect.objectContaining({ buyerOrganizationId: platformHealth }),
    ]);

    const mri = (
      await t.app.inject({
        method: 'GET',
        url: `/api/marketplace/services?q=70551&provider=${hospital}`,
        headers: as('insurer', platformHealth),
      })
    ).json().items[0];
    expect(mri).toMatchObject({
      name: 'MRI of brain (no contrast)',
      procedureCode: { system: 'CPT', code: '70551' },
      basePrice: { amountMinor: 108_000 },
      listPriceMinor: 40_000,
    });
    const quote = await t.app.inject({
      method: 'POST',
      url: `/api/services/${mri.serviceId}/quote`,
      headers: as('insurer', platformHealth),
      payload: { quantity: 2 },
    });
    expect(quote.json().line).toMatchObject({
      unitPriceMinor: 40_000,
      lineTotalMinor: 80_000,
      priceSource: 'buyer-list',
    });

    const again = (await upload('examples/V3.0.0_Tall_CSV_Format_Example.csv', 'text/csv')).json();
    expect(again).toMatchObject({ created: 0, updated: outcome.created });
  });

  it('exports the catalog as v3.0 JSON that validates and carries the imported prices', async () => {
    const response = await t.app.inject({
      method: 'GET',
      url: `/api/services/provider/${hospital}/cms-standard-charges`,
      headers: as('insurer', platformHealth),
    });
    expect(response.statusCode).toBe(200);
    const document = response.json();
    const schemas = await loadHptSchemas(`${cmsFolder}examples`);
    const report = validatePriceFile(
      schemas,
      new TextEncoder().encode(JSON.stringify(document)),
      '3.0.0',
    );
    expect(report.errors).toEqual([]);
    expect(document.hospital_name).toBe('West Mercy Hospital');
    const mri = document.standard_charge_information.find(
      (item: { description: string }) => item.description === 'MRI of brain (no contrast)',
    );
    expect(mri.standard_charges[0]).toMatchObject({
      gross_charge: 1200,
      discounted_cash: 1080,
      minimum: 250,
      maximum: 400,
    });
  });

  it('keeps the file encrypted, readable by its organization and admins only', async () => {
    const stored = (await upload('examples/v3_json_format_example.json', 'application/json')).json()
      .file;
    expect(stored).toMatchObject({ organizationId: hospital, contentType: 'application/json' });
    expect(stored.keyId).toMatch(/^[0-9a-f-]{36}$/);

    const { rows } = await sql<{
      ciphertext: Buffer;
    }>`select ciphertext from catalog_price_file where file_id = ${stored.fileId}`.execute(t.db);
    const original = await readFile(`${cmsFolder}examples/v3_json_format_example.json`);
    expect(rows[0]?.ciphertext.includes(Buffer.from('West Mercy Hospital'))).toBe(false);

    const url = `/api/services/provider/${hospital}/price-files/${stored.fileId}`;
    const own = await t.app.inject({ method: 'GET', url, headers: as('provider', hospital) });
    expect(own.statusCode).toBe(200);
    expect(own.rawPayload.equals(original)).toBe(true);
    expect(own.headers['x-hcts-key-id']).toBe(stored.keyId);
    expect(
      (await t.app.inject({ method: 'GET', url, headers: as('admin', 'operator') })).statusCode,
    ).toBe(200);
    expect(
      (await t.app.inject({ method: 'GET', url, headers: as('provider', uniqueName('other')) }))
        .statusCode,
    ).toBe(404);
    expect(
      (await t.app.inject({ method: 'GET', url, headers: as('insurer', platformHealth) }))
        .statusCode,
    ).toBe(404);
  });

  it('lets no provider upload into another provider', async () => {
    const response = await upload(
      'examples/v3_json_format_example.json',
      'application/json',
      hospital,
      '',
    );
    expect(response.statusCode).toBe(201);
    const intruder = await t.app.inject({
      method: 'POST',
      url: `/api/services/provider/${hospital}/cms-standard-charges`,
      headers: { ...as('provider', uniqueName('intruder')), 'content-type': 'application/json' },
      payload: await readFile(`${cmsFolder}examples/v3_json_format_example.json`),
    });
    expect(intruder.statusCode).toBe(403);
  });
});
