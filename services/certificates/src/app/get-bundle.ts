import type { CertificateBundle, NewerCheckpoint } from '../domain/checkpoint.ts';
import { CertificatesError } from '../domain/errors.ts';
import type { CertificateRecord } from './ports.ts';
import { sequenceAll } from './sequence-log.ts';
import { type CheckpointDeps, signCheckpoint } from './sign-checkpoint.ts';

export type BundleDeps = CheckpointDeps & { topic: string };

/**
 * The holder's bundle: certificate, leaf index, inclusion proof and the checkpoint it meets.
 * A certificate still waiting for the log is sequenced now, and a checkpoint signed for it.
 */
export async function getBundle(
  deps: BundleDeps,
  certificate: CertificateRecord,
): Promise<CertificateBundle> {
  const leafIndex = await leafIndexOf(deps, certificate);
  let head = await deps.store.latestCheckpoint();
  if (!head || head.checkpoint.treeSize <= leafIndex) head = await signCheckpoint(deps);

  const size = head.checkpoint.treeSize;
  const proof = await deps.store.inclusionProof(leafIndex, size);
  return {
    certificate: certificate.jws,
    leafIndex,
    inclusionProof: proof.map(deps.encodeHash),
    checkpoint: head.jws,
  };
}

async function leafIndexOf(deps: BundleDeps, certificate: CertificateRecord): Promise<number> {
  if (certificate.leafIndex !== null) return certificate.leafIndex;
  await sequenceAll(deps);
  const stored = await deps.store.byId(certificate.id);
  if (stored?.leafIndex === null || stored?.leafIndex === undefined) {
    throw new CertificatesError('CERTIFICATES_NOT_FOUND', { id: certificate.id });
  }
  return stored.leafIndex;
}

/** The latest checkpoint and the proof that its tree extends the tree of `fromSize`. */
export async function getNewerCheckpoint(
  deps: CheckpointDeps,
  fromSize: number,
): Promise<NewerCheckpoint> {
  const head = await signCheckpoint(deps);
  if (fromSize > head.checkpoint.treeSize) {
    throw new CertificatesError('CERTIFICATES_INVALID_REQUEST');
  }
  const proof = await deps.store.consistencyProof(fromSize, head.checkpoint.treeSize);
  return { checkpoint: head.jws, consistencyProof: proof.map(deps.encodeHash) };
}
