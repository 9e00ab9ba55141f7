import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDatabase } from '@hcts/kit';
import { createTestDatabase } from '@hcts/test-harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importIcd11Release } from '../../app/icd11/import-icd11-release.ts';
import { CatalogError } from '../../domain/errors.ts';
import type { Tabulation } from '../../domain/icd11/read-tabulation.ts';
import { readIcd11Tabulation } from '../files/read-icd11-tabulation.ts';
import { migrateCatalog } from './migrate.ts';
import { PostgresIcd11Store } from './postgres-icd11-store.ts';

const realFile = new URL(
  '../../../../../../shared/data/icd11/SimpleTabulation-ICD-11-MMS-en.xlsx',
  import.meta.url,
).pathname;

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let connection: ReturnType<typeof createDatabase<unknown>>;
let store: PostgresIcd11Store;
let tabulation: Tabulation;

beforeAll(async () => {
  database = await createTestDatabase('catalog_icd11');
  connection = createDatabase<unknown>({ url: database.url });
  await migrateCatalog(connection.db);
  store = new PostgresIcd11Store(connection.db);
  tabulation = await readIcd11Tabulation(realFile);
});

afterAll(async () => {
  await connection?.close();
  await database?.drop();
});

describe('the real WHO release', () => {
  it('imports every row with its counts, and a second import changes nothing', async () => {
    const started = performance.now();
    const first = await importIcd11Release(store, tabulation);
    const seconds = (performance.now() - started) / 1000;
    console.log(`icd11 import: ${first.rows} rows in ${seconds.toFixed(2)} s (parse excluded)`);

    expect(first).toMatchObject({
      releaseId: '2025-01',
      imported: true,
      rows: 36_782,
      counts: { chapters: 28, blocks: 1_415, categories: 35_339 },
    });
    expect(first.counts.residuals).toBeGreaterThan(1_000);

    const again = await importIcd11Release(store, tabulation);
    expect(again).toMatchObject({ releaseId: '2025-01', imported: false, rows: 36_782 });
    const stored = await store.findRelease('2025-01');
    expect(stored?.versionStamp).toBe('Version:2025 Jan 24 - 22:30 UTC');
  });

  it('looks a category up with its ancestors and children', async () => {
    const cholera = await store.lookup('2025-01', '1a00');
    expect(cholera?.entity).toMatchObject({
      code: '1A00',
      title: 'Cholera',
      classKind: 'category',
      foundationUri: 'http://id.who.int/icd/entity/257068234',
      linearizationUri: 'http://id.who.int/icd/release/11/mms/257068234',
    });
    expect(cholera?.ancestors.map((a) => a.key)).toEqual(['01', 'BlockL1-1A0', 'BlockL2-1A0']);

    const block = await store.lookup('2025-01', 'BlockL2-1A0');
    expect(block?.children.map((c) => c.key).slice(0, 2)).toEqual(['1A00', '1A01']);
  });

  it('keeps residual categories without a Foundation URI', async () => {
    const residual = await store.lookup('2025-01', '1A03.Y');
    expect(residual?.entity).toMatchObject({ isResidual: true, foundationUri: null });
    expect(residual?.entity.linearizationUri).toMatch(/\/other$/);
    expect(residual?.ancestors.at(-1)?.key).toBe('1A03');
  });

  it('searches by code prefix, exact code first', async () => {
    const hits = await store.search('2025-01', '1a0', 10);
    expect(hits.length).toBe(10);
    expect(hits.every((hit) => hit.code?.startsWith('1A0'))).toBe(true);

    const exact = await store.search('2025-01', 'BA41', 5);
    expect(exact[0]?.code).toBe('BA41');
  });

  it('searches words ranked, with diacritics and case folded', async () => {
    const cholera = await store.search('2025-01', 'CHOLERA', 5);
    expect(cholera[0]?.code).toBe('1A00');

    const behcet = await store.search('2025-01', 'behcet', 5);
    expect(behcet.map((hit) => hit.title)).toContain('Behçet disease');

    const accented = await store.search('2025-01', 'Sézary', 5);
    expect(accented.some((hit) => hit.title.includes('Sézary syndrome'))).toBe(true);

    const stems = await store.search('2025-01', 'fractures femur', 5);
    expect(stems.length).toBeGreaterThan(0);
    expect(stems.every((hit) => /fractur/i.test(hit.title) && /femur/i.test(hit.title))).toBe(true);
  });

  it('finds nothing for a word that is not there', async () => {
    expect(await store.search('2025-01', 'qwertyuiop', 5)).toEqual([]);
  });
});

const header = [
  'Foundation URI',
  'Linearization URI',
  'Code',
  'BlockId',
  'Title',
  'ClassKind',
  'DepthInKind',
  'IsResidual',
  'ChapterNo',
  'BrowserLink',
  'isLeaf',
  'Primary tabulation',
  'Grouping1',
  'Grouping2',
  'Grouping3',
  'Grouping4',
  'Grouping5',
  'Version:2019 Apr 01 - 10:00 UTC',
];
const base = 'http://id.who.int/icd';
const sampleRows = [
  [
    `${base}/entity/1`,
    `${base}/release/11/mms/1`,
    '',
    '',
    'Infections',
    'chapter',
    '1',
    'False',
    '01',
    'browser',
    'False',
    '',
    '',
    '',
    '',
    '',
    '',
  ],
  [
    `${base}/entity/2`,
    `${base}/release/11/mms/2`,
    '',
    'BlockL1-1A0',
    '- Gut infections',
    'block',
    '1',
    'False',
    '01',
    'browser',
    'False',
    '',
    '',
    '',
    '',
    '',
    '',
  ],
  [
    `${base}/entity/3`,
    `${base}/release/11/mms/3`,
    '1A00',
    '',
    '- - Choléra',
    'category',
    '1',
    'False',
    '01',
    'browser',
    'True',
    'True',
    'BlockL1-1A0',
    '',
    '',
    '',
    '',
  ],
  [
    '',
    `${base}/release/11/mms/2/other`,
    '1A0Y',
    '',
    '- - Other gut infections',
    'category',
    '1',
    'True',
    '01',
    'browser',
    'True',
    'True',
    '',
    '',
    '',
    '',
    '',
  ],
];

async function writeTxt(rows: string[][], stamp = header.at(-1) ?? ''): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'icd11-'));
  const path = join(folder, 'SimpleTabulation-ICD-11-MMS-en.txt');
  const lines = [[...header.slice(0, -1), stamp], ...rows].map((cells) => cells.join('\t'));
  await writeFile(path, `\uFEFF${lines.join('\r\n')}\r\n`);
  return path;
}

describe('the tab-delimited .txt WHO ships', () => {
  it('imports the same columns with hierarchy and residuals', async () => {
    const report = await importIcd11Release(
      store,
      await readIcd11Tabulation(await writeTxt(sampleRows)),
    );
    expect(report).toMatchObject({
      releaseId: '2019-04',
      imported: true,
      counts: { chapters: 1, blocks: 1, categories: 2, residuals: 1 },
    });

    const found = await store.search('2019-04', 'cholera', 5);
    expect(found[0]?.code).toBe('1A00');
    const residual = await store.lookup('2019-04', '1A0Y');
    expect(residual?.ancestors.map((a) => a.key)).toEqual(['01', 'BlockL1-1A0']);
  });

  it('rejects a file with a bad row as a whole, naming row and column', async () => {
    const rows = sampleRows.map((row) => [...row]);
    const broken = rows[2] ?? [];
    broken[5] = 'categry';
    const path = await writeTxt(rows, 'Version:2018 Jun 18 - 10:00 UTC');

    const error = await importIcd11Release(store, await readIcd11Tabulation(path)).catch((e) => e);
    expect(error).toBeInstanceOf(CatalogError);
    expect((error as CatalogError).issues).toContainEqual(
      expect.objectContaining({ row: 4, column: 'ClassKind', code: 'BAD_KIND' }),
    );
    expect(await store.findRelease('2018-06')).toBeUndefined();
  });

  it('refuses different content under a release id already imported', async () => {
    await importIcd11Release(
      store,
      await readIcd11Tabulation(await writeTxt(sampleRows, 'Version:2017 Jan 01')),
    );
    const changed = sampleRows.map((row) => [...row]);
    (changed[2] ?? [])[4] = '- - Cholera, changed';
    const path = await writeTxt(changed, 'Version:2017 Jan 01');

    const error = await importIcd11Release(store, await readIcd11Tabulation(path)).catch((e) => e);
    expect((error as CatalogError).code).toBe('CATALOG_ICD11_RELEASE_CONFLICT');
    const kept = await store.lookup('2017-01', '1A00');
    expect(kept?.entity.title).toBe('Choléra');
  });
});
