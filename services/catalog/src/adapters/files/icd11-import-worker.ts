import { parentPort, workerData } from 'node:worker_threads';
import { createDatabase } from '@hcts/kit';
import { importIcd11Release } from '../../app/icd11/import-icd11-release.ts';
import { PostgresIcd11Store } from '../postgres/postgres-icd11-store.ts';
import { readIcd11Tabulation } from './read-icd11-tabulation.ts';

/** What the catalog hands the worker: the file to import and the database to import into. */
export interface Icd11ImportJob {
  file: string;
  databaseUrl: string;
}

// Runs in a worker thread (see import-icd11-in-worker.ts): reads the whole release and writes
// it with a connection of its own, then ends, taking the parse's memory with it.
const job = workerData as Icd11ImportJob;
const database = createDatabase<unknown>({
  url: job.databaseUrl,
  poolMax: 2,
  applicationName: 'hcts-catalog-icd11-import',
});
try {
  const report = await importIcd11Release(
    new PostgresIcd11Store(database.db),
    await readIcd11Tabulation(job.file),
  );
  parentPort?.postMessage({ releaseId: report.releaseId, rows: report.rows });
} finally {
  await database.close();
}
