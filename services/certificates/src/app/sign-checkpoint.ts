import { SignedTypes } from '../domain/certificate-document.ts';
import type { Checkpoint } from '../domain/checkpoint.ts';
import type { CertificateStore, Runtime, SignedCheckpoint, Signer } from './ports.ts';

export interface CheckpointDeps {
  store: CertificateStore;
  signer: Signer;
  runtime: Runtime;
  /** Names the log, so that checkpoints of two logs are never compared. */
  origin: string;
  encodeHash(hash: Uint8Array): string;
}

/**
 * Signs the log's current head, unless the latest checkpoint already covers that size: called
 * on a timer and on demand (a bundle whose leaf no checkpoint covers yet).
 */
export async function signCheckpoint(deps: CheckpointDeps): Promise<SignedCheckpoint> {
  const size = await deps.store.logSize();
  const latest = await deps.store.latestCheckpoint();
  if (latest && latest.checkpoint.treeSize >= size) return latest;

  const root = await deps.store.logRoot(size);
  const checkpoint: Checkpoint = {
    origin: deps.origin,
    treeSize: size,
    rootHash: deps.encodeHash(root),
    timestamp: deps.runtime.now().toISOString(),
  };
  const { jws, kid } = await deps.signer.sign(checkpoint, SignedTypes.checkpoint);
  return deps.store.saveCheckpoint({ checkpoint, jws }, kid);
}
