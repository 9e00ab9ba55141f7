// ICD-11 import benchmark: the xlsx reader chosen (exceljs streaming) against exceljs's
// whole-workbook reader on the same file, interleaved, then the full import into a fresh
// database. Run: DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres node
// services/catalog/bench/icd11-import.ts
import { randomBytes } from 'node:crypto';
import { createDatabase } from '@hcts/kit';
import ExcelJS from 'exceljs';
import pg from 'pg';
import { readIcd11Tabulation } from '../src/adapters/files/read-icd11-tabulation.ts';
import { migrateCatalog } from '../src/adapters/postgres/migrate.ts';
import { PostgresIcd11Store } from '../src/adapters/postgres/postgres-icd11-store.ts';
import { importIcd11Release } from '../src/app/icd11/import-icd11-release.ts';

const file = new URL(
  '../../../../shared/data/icd11/SimpleTabulation-ICD-11-MMS-en.xlsx',
  import.meta.url,
).pathname;
const rounds = Number(process.env.ROUNDS ?? 2);

async function timed<T>(work: () => Promise<T>): Promise<{ seconds: number; value: T }> {
  const started = performance.now();
  const value = await work();
  return { seconds: (performance.now() - started) / 1000, value };
}

async function wholeWorkbookRows(): Promise<number> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  return (workbook.worksheets[0]?.actualRowCount ?? 1) - 1;
}

const streaming: number[] = [];
const whole: number[] = [];
let rows = 0;
for (let round = 0; round < rounds; round += 1) {
  const a = await timed(async () => (await readIcd11Tabulation(file)).rows.length);
  const b = await timed(wholeWorkbookRows);
  rows = a.value;
  streaming.push(a.seconds);
  whole.push(b.seconds);
}
const best = (values: number[]) => Math.min(...values);
console.log(`rows: ${rows}`);
console.log(
  `exceljs streaming: ${best(streaming).toFixed(2)} s (${Math.round(rows / best(streaming))} rows/s)`,
);
console.log(
  `exceljs whole workbook: ${best(whole).toFixed(2)} s (${Math.round(rows / best(whole))} rows/s)`,
);
console.log(`streaming / whole: ${(best(streaming) / best(whole)).toFixed(2)}x the time`);

const server = process.env.DATABASE_URL;
if (server !== undefined) {
  const name = `hcts_bench_icd11_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  const connection = createDatabase<unknown>({ url: url.toString(), statementTimeoutMs: 120_000 });
  try {
    await migrateCatalog(connection.db);
    const store = new PostgresIcd11Store(connection.db);
    const full = await timed(async () =>
      importIcd11Release(store, await readIcd11Tabulation(file)),
    );
    console.log(
      `full import (read, validate, write): ${full.seconds.toFixed(2)} s, release ${full.value.releaseId}, ${full.value.rows} rows`,
    );
    const again = await timed(async () =>
      importIcd11Release(store, await readIcd11Tabulation(file)),
    );
    console.log(
      `second import of the same release: ${again.seconds.toFixed(2)} s, imported: ${again.value.imported}`,
    );
  } finally {
    await connection.close();
    await admin.query(`drop database ${name}`);
    await admin.end();
  }
}
