import type { CertificateBundle, NewerCheckpoint } from '../domain/checkpoint.ts';
import { CertificatesError } from '../domain/errors.ts';
import type { CertificateRecord } from './ports.ts';
import { type CheckpointDeps, signCheckpoint } from './sign-checkpoint.ts';

/** The holder's bundle: certificate, leaf index, inclusion proof and the checkpoint it meets. */
export async function getBundle(
  deps: CheckpointDeps,
  certificate: CertificateRecord,
): Promise<CertificateBundle> {
  let head = await deps.store.latestCheckpoint();
  if (!head || head.checkpoint.treeSize <= certificate.leafIndex) head = await signCheckpoint(deps);

  const size = head.checkpoint.treeSize;
  const proof = await deps.store.inclusionProof(certificate.leafIndex, size);
  return {
    certificate: certificate.jws,
    leafIndex: certificate.leafIndex,
    inclusionProof: proof.map(deps.encodeHash),
    checkpoint: head.jws,
  };
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
