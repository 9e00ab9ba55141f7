import { Worker } from 'node:worker_threads';
import type { Icd11ImportJob } from './icd11-import-worker.ts';

const workerUrl = new URL('./icd11-import-worker.ts', import.meta.url);

/**
 * Imports an ICD-11 release in a worker thread. Parsing WHO's 28 MB workbook grows a heap by a
 * few hundred MB that V8 then keeps; in a worker that heap goes when the worker ends, so the
 * catalog's resident memory at rest stays what serving needs.
 */
export function importIcd11InWorker(
  job: Icd11ImportJob,
): Promise<{ releaseId: string; rows: number }> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerUrl, { workerData: job });
    let report: { releaseId: string; rows: number } | undefined;
    worker.once('message', (message: { releaseId: string; rows: number }) => {
      report = message;
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (report) resolve(report);
      else reject(new Error(`the ICD-11 import worker ended with code ${code} and no report`));
    });
  });
}
