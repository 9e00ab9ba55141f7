import { createHash } from 'node:crypto';
import { CatalogError } from '../../domain/errors.ts';
import type { Icd11Release } from '../../domain/icd11/icd11-entity.ts';
import { readTabulation, type Tabulation } from '../../domain/icd11/read-tabulation.ts';
import type { Icd11Store } from './icd11-store.ts';

export interface ImportReport {
  releaseId: string;
  versionStamp: string;
  /** False when the same release with the same content was already there. */
  imported: boolean;
  counts: Icd11Release['counts'];
  rows: number;
}

/**
 * Imports a release all or nothing. The fingerprint covers the parsed entities, not the file's
 * bytes, so the xlsx and the txt of one release are recognised as the same content.
 */
export async function importIcd11Release(
  store: Icd11Store,
  tabulation: Tabulation,
  fallbackReleaseId?: string,
): Promise<ImportReport> {
  const release = readTabulation(tabulation, fallbackReleaseId);
  const fingerprint = fingerprintOf(release);
  const report = {
    releaseId: release.releaseId,
    versionStamp: release.versionStamp,
    counts: release.counts,
    rows: release.entities.length,
  };

  const existing = await store.findRelease(release.releaseId);
  if (existing === undefined && (await store.saveRelease(release, fingerprint))) {
    return { ...report, imported: true };
  }

  // Already there, or a concurrent import won the race: same content is a no-op.
  const stored = existing ?? (await store.findRelease(release.releaseId));
  if (stored?.contentSha256 !== fingerprint) {
    throw new CatalogError('icd11ReleaseConflict', { releaseId: release.releaseId });
  }
  return { ...report, imported: false };
}

function fingerprintOf(release: Icd11Release): string {
  const hash = createHash('sha256');
  for (const entity of release.entities) hash.update(JSON.stringify(entity)).update('\n');
  return hash.digest('hex');
}
