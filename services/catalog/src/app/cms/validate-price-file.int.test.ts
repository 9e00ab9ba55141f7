import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import type { HptSchemaVersion } from '../../domain/cms/hpt-document.ts';
import { type HptSchemas, loadHptSchemas } from './hpt-schemas.ts';
import { validatePriceFile } from './validate-price-file.ts';

const shared = new URL('../../../../../../shared/data/cms-hpt/', import.meta.url).pathname;
let schemas: HptSchemas;

beforeAll(async () => {
  schemas = await loadHptSchemas(`${shared}examples`);
});

async function check(file: string, version?: HptSchemaVersion) {
  return validatePriceFile(schemas, await readFile(`${shared}${file}`), version);
}

const codes = (issues: { code: string }[]) => issues.map((issue) => issue.code);

describe("CMS's examples", () => {
  const examples: [string, HptSchemaVersion, string, string[]][] = [
    ['V2.0.0_JSON_Format_Example.json', '2.0.0', 'json', []],
    ['V2.0.0_Tall_CSV_Format_Example.csv', '2.0.0', 'csv-tall', []],
    ['V2.0.0_Wide_CSV_Format_Example.csv', '2.0.0', 'csv-wide', ['NOT_UTF8']],
    ['v3_json_format_example.json', '3.0.0', 'json', []],
    ['V3.0.0_Tall_CSV_Format_Example.csv', '3.0.0', 'csv-tall', []],
    ['V3.0.0_Wide_CSV_Format_Example.csv', '3.0.0', 'csv-wide', []],
  ];
  for (const [file, version, layout, warnings] of examples) {
    it(`${file} is valid`, async () => {
      const report = await check(`examples/${file}`);
      expect(report.errors).toEqual([]);
      expect(report).toMatchObject({ valid: true, layout, schemaVersion: version });
      expect(codes(report.warnings)).toEqual(warnings);
    });
  }
});

type Expectation = {
  file: string;
  version?: HptSchemaVersion;
  valid: boolean;
  errors?: { pointer?: string; row?: number; column?: string; code?: string; message?: string }[];
  errorCount?: number;
  warnings?: string[];
};

// The schema version each fixture is checked against is the one CMS's own validator tests use:
// the 2.1.0 conditionals (notes for "other", minimum and maximum, at least one charge) do not
// exist in 2.0.0, and the 2.2.0 ones (drug information, estimated amount) not in 2.1.0.
const fixtures2: Expectation[] = [
  { file: 'sample-valid.json', version: '2.0.0', valid: true, warnings: [] },
  { file: 'sample-empty.json', version: '2.0.0', valid: false, errorCount: 8 },
  {
    file: 'sample-invalid.json',
    version: '2.0.0',
    valid: false,
    errors: [{ code: 'INVALID_JSON', pointer: '' }],
  },
  {
    file: 'false-confirmation.json',
    version: '2.0.0',
    valid: true,
    warnings: ['FALSE_ATTESTATION'],
  },
  {
    file: 'sample-other-no-notes.json',
    version: '2.1.0',
    valid: false,
    errors: [
      {
        pointer: '/standard_charge_information/0/standard_charges/0/payers_information/0',
        message: "must have required property 'additional_payer_notes'",
      },
    ],
  },
  {
    file: 'sample-no-charges.json',
    version: '2.1.0',
    valid: false,
    errors: [
      {
        pointer: '/standard_charge_information/2/standard_charges/0',
        message: 'must match a schema in anyOf',
      },
    ],
  },
  {
    file: 'sample-no-min-max.json',
    version: '2.1.0',
    valid: false,
    errorCount: 3,
    errors: [
      {
        pointer: '/standard_charge_information/1/standard_charges/0',
        message: "must have required property 'minimum'",
      },
    ],
  },
  {
    file: 'sample-lots-of-alerts.json',
    version: '2.2.0',
    valid: true,
    warnings: Array(5).fill('NINE_NINES'),
  },
  { file: 'sample-valid-drug-info.json', version: '2.2.0', valid: true, warnings: [] },
  { file: 'sample-valid-modifier.json', version: '2.2.0', valid: true, warnings: [] },
  {
    file: 'sample-wrong-drug-info.json',
    version: '2.2.0',
    valid: false,
    errorCount: 1,
    errors: [
      {
        pointer: '/standard_charge_information/4/drug_information/unit',
        message: 'must be string',
      },
    ],
  },
  {
    file: 'sample-ndc-no-drug-info.json',
    version: '2.2.0',
    valid: false,
    errorCount: 2,
    errors: [
      {
        pointer: '/standard_charge_information/4',
        message: "must have required property 'drug_information'",
      },
    ],
  },
  // CMS states no outcome. Every 2.x schema accepts it: a standard charge needs a gross
  // charge, a discounted cash price or a payer-specific charge (anyOf), and each item here has
  // the first two; payers_information is optional, and minimum and maximum are only required
  // once a payer-specific dollar amount exists. So it is valid.
  { file: 'sample-no-payer-charges.json', valid: true, warnings: [] },
  { file: 'sample-no-payer-charges.json', version: '2.2.0', valid: true, warnings: [] },
  { file: 'sample-tall-valid.csv', valid: true, warnings: [] },
  { file: 'sample-wide-valid.csv', valid: true, warnings: [] },
  { file: 'sample-tall-mixed-line-endings.csv', valid: true, warnings: [] },
  {
    file: 'sample-blank-header.csv',
    valid: false,
    errors: [{ row: 3, code: 'BLANK_ITEM_HEADER' }],
  },
  { file: 'sample-no-data.csv', valid: false, errors: [{ row: 4, code: 'NO_DATA' }] },
  {
    file: 'sample-bad-item-header.csv',
    valid: false,
    errors: [{ row: 3, column: 'description', code: 'MISSING_COLUMN' }],
  },
];

const fixtures3: Expectation[] = [
  { file: 'sample-valid.json', valid: true, warnings: [] },
  { file: 'sample-valid-drug-info.json', valid: true, warnings: [] },
  { file: 'false-confirmation.json', valid: true, warnings: ['FALSE_ATTESTATION'] },
  {
    file: 'unexpected-version.json',
    version: '3.0.0',
    valid: true,
    warnings: ['VERSION_MISMATCH'],
  },
  { file: 'estimated-amount.json', valid: true, warnings: ['DROPPED_FIELD'] },
  { file: 'allowed-amounts-nine-9s.json', valid: true, warnings: Array(4).fill('NINE_NINES') },
  ...(
    [
      ['sample-empty-address.json', '/hospital_address/1'],
      ['sample-empty-location.json', '/location_name/0'],
      [
        'sample-empty-generic-notes.json',
        '/standard_charge_information/1/standard_charges/0/additional_generic_notes',
      ],
      [
        'sample-empty-payer-notes.json',
        '/standard_charge_information/1/standard_charges/0/payers_information/0/additional_payer_notes',
      ],
      [
        'sample-empty-algorithm.json',
        '/standard_charge_information/0/standard_charges/0/payers_information/2/standard_charge_algorithm',
      ],
    ] as const
  ).map(([file, pointer]) => ({
    file,
    valid: false,
    errorCount: 1,
    errors: [{ pointer, message: 'must NOT have fewer than 1 characters' }],
  })),
  {
    file: 'sample-missing-10th.json',
    valid: false,
    errorCount: 2,
    errors: [
      {
        pointer: '/standard_charge_information/1/standard_charges/0/payers_information/1',
        message: "must have required property '10th_percentile'",
      },
    ],
  },
  {
    file: 'sample-missing-90th.json',
    valid: false,
    errorCount: 2,
    errors: [
      {
        pointer: '/standard_charge_information/0/standard_charges/0/payers_information/3',
        message: "must have required property '90th_percentile'",
      },
    ],
  },
  {
    file: 'sample-missing-count-of-allowed-amounts.json',
    valid: false,
    errorCount: 2,
    errors: [
      {
        pointer: '/standard_charge_information/1/standard_charges/0/payers_information/1',
        message: "must have required property 'count'",
      },
    ],
  },
  {
    file: 'sample-payer-no-charge.json',
    valid: false,
    errorCount: 4,
    errors: [
      {
        pointer: '/standard_charge_information/2/standard_charges/0/payers_information/1',
        message: 'must match a schema in anyOf',
      },
    ],
  },
];

function describeFixtures(folder: string, expectations: Expectation[]) {
  describe(folder, () => {
    for (const expected of expectations) {
      it(`${expected.file} at ${expected.version ?? 'its declared version'} is ${expected.valid ? 'valid' : 'invalid'}`, async () => {
        const report = await check(`${folder}/${expected.file}`, expected.version);
        expect(report.valid).toBe(expected.valid);
        expect(report.document === null).toBe(!expected.valid);
        if (expected.valid) expect(report.errors).toEqual([]);
        if (expected.errorCount !== undefined)
          expect(report.errors).toHaveLength(expected.errorCount);
        for (const error of expected.errors ?? []) {
          expect(report.errors).toContainEqual(expect.objectContaining(error));
        }
        if (expected.warnings !== undefined)
          expect(codes(report.warnings)).toEqual(expected.warnings);
      });
    }
  });
}

describeFixtures('fixtures-2.x', fixtures2);
describeFixtures('fixtures-3.0', fixtures3);

describe('CSV quirks and located errors', () => {
  async function tallLines(): Promise<string[]> {
    const text = await readFile(`${shared}examples/V3.0.0_Tall_CSV_Format_Example.csv`, 'utf8');
    return text.split(/\r?\n/);
  }
  const bytes = (lines: string[], ending = '\r\n') => new TextEncoder().encode(lines.join(ending));

  it('names the row and column of a cell that is not a number', async () => {
    const lines = await tallLines();
    lines[3] = (lines[3] ?? '').replace(',1200,1080,', ',12OO,1080,');
    const report = validatePriceFile(schemas, bytes(lines));
    expect(report.valid).toBe(false);
    expect(report.errors).toContainEqual(
      expect.objectContaining({ row: 4, column: 'standard_charge | gross', code: 'NOT_A_NUMBER' }),
    );
  });

  it('maps a schema error back to the row and column of the CSV', async () => {
    const lines = await tallLines();
    lines[4] = (lines[4] ?? '').replace(',250,400,fee schedule,', ',250,400,flat fee,');
    const report = validatePriceFile(schemas, bytes(lines));
    expect(report.valid).toBe(false);
    expect(report.errors).toContainEqual(
      expect.objectContaining({
        row: 5,
        column: 'standard_charge | methodology',
        code: 'SCHEMA_ENUM',
      }),
    );
  });

  it('reports a missing required value at its row and the missing column', async () => {
    const lines = await tallLines();
    lines[3] = (lines[3] ?? '').replace(',outpatient,', ',,');
    const report = validatePriceFile(schemas, bytes(lines));
    expect(report.errors).toContainEqual(
      expect.objectContaining({
        row: 4,
        field: 'setting',
        message: "must have required property 'setting'",
      }),
    );
  });

  it('reads short rows as blank cells and warns', async () => {
    const lines = await tallLines();
    const cells = (lines[3] ?? '').split(',');
    lines[3] = cells.slice(0, cells.length - 1).join(',');
    const report = validatePriceFile(schemas, bytes(lines));
    expect(report.valid).toBe(true);
    expect(report.warnings).toContainEqual(expect.objectContaining({ row: 4, code: 'SHORT_ROW' }));
  });

  it('ignores a blank header column and warns when it holds values', async () => {
    const lines = (await tallLines()).map((line, index) =>
      index >= 2 && line !== '' ? `${line},` : line,
    );
    lines[5] = `${lines[5]}stray`;
    const report = validatePriceFile(schemas, bytes(lines, '\n'));
    expect(report.valid).toBe(true);
    expect(report.warnings).toContainEqual(
      expect.objectContaining({ row: 6, code: 'UNNAMED_COLUMN' }),
    );
  });

  it('accepts a UTF-8 byte order mark and mixed line endings', async () => {
    const lines = await tallLines();
    const text = `\uFEFF${lines.slice(0, 6).join('\r\n')}\n${lines.slice(6).join('\n')}`;
    const report = validatePriceFile(schemas, new TextEncoder().encode(text));
    expect(report).toMatchObject({ valid: true, layout: 'csv-tall', schemaVersion: '3.0.0' });
  });
});
