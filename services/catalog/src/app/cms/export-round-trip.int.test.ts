import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { catalogItemsFromDocument, dollarsToMinor } from '../../domain/cms/catalog-items.ts';
import { exportV3, profileFromDocument } from '../../domain/cms/export-v3.ts';
import { type HptSchemas, loadHptSchemas } from './hpt-schemas.ts';
import { validatePriceFile } from './validate-price-file.ts';

const shared = new URL('../../../../../../shared/data/cms-hpt/', import.meta.url).pathname;
let schemas: HptSchemas;

beforeAll(async () => {
  schemas = await loadHptSchemas(`${shared}examples`);
});

async function importedItems(file: string) {
  const report = validatePriceFile(schemas, await readFile(`${shared}examples/${file}`));
  if (report.document === null) throw new Error(`${file} did not validate`);
  return { document: report.document, items: catalogItemsFromDocument(report.document) };
}

describe('export as CMS v3.0 JSON', () => {
  for (const file of [
    'v3_json_format_example.json',
    'V3.0.0_Tall_CSV_Format_Example.csv',
    'V3.0.0_Wide_CSV_Format_Example.csv',
  ]) {
    it(`round-trips ${file}: the export validates and re-imports to the same items`, async () => {
      const { document, items } = await importedItems(file);
      expect(items.length).toBeGreaterThan(5);

      const exported = exportV3(profileFromDocument(document), items, '2026-04-01');
      const bytes = new TextEncoder().encode(JSON.stringify(exported));
      const report = validatePriceFile(schemas, bytes, '3.0.0');
      expect(report.errors).toEqual([]);
      expect(report.warnings).toEqual([]);

      const again = catalogItemsFromDocument(report.document ?? {});
      const withoutNotes = (list: typeof items) =>
        list.map((item) => ({
          ...item,
          payers: item.payers.map(({ notes: _, ...payer }) => payer),
        }));
      expect(withoutNotes(again)).toEqual(withoutNotes(items));
    });
  }

  it('merges the tall layout rows of one item and keeps every payer', async () => {
    const { items } = await importedItems('V3.0.0_Tall_CSV_Format_Example.csv');
    const mri = items.find((item) => item.description === 'MRI of brain (no contrast)');
    expect(mri).toMatchObject({
      setting: 'outpatient',
      grossMinor: 120_000,
      discountedCashMinor: 108_000,
      codes: [
        { code: '611', type: 'RC' },
        { code: '70551', type: 'CPT' },
      ],
    });
    expect(mri?.payers.map((p) => [p.payerName, p.dollarMinor])).toEqual([
      ['Platform Health Insurance', 40_000],
      ['Region Health Insurance', 25_000],
    ]);
  });

  it('rounds dollars to cents half up without binary noise', () => {
    expect(dollarsToMinor(0.285)).toBe(29);
    expect(dollarsToMinor(22243.34)).toBe(2_224_334);
    expect(dollarsToMinor(0.004)).toBe(0);
    expect(dollarsToMinor(0.005)).toBe(1);
  });
});
