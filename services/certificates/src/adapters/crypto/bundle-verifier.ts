import { compactVerify, createLocalJWKSet, type JWK } from 'jose';
import { z } from 'zod';
import { SignedTypes } from '../../domain/certificate-document.ts';
import type { Checkpoint } from '../../domain/checkpoint.ts';
import { verifyConsistency, verifyInclusion } from '../../domain/merkle/index.ts';
import { assertCanonicalCompactJws, decodeStrict } from './base64url.ts';
import { rfc9162Sha256 } from './sha256.ts';

const ProofHashes = z.array(z.string().length(43)).max(64);

const Bundle = z.strictObject({
  certificate: z.string().min(1).max(100_000),
  leafIndex: z.int().min(0),
  inclusionProof: ProofHashes,
  checkpoint: z.string().min(1).max(10_000),
});

const Newer = z.strictObject({
  checkpoint: z.string().min(1).max(10_000),
  consistencyProof: ProofHashes,
});

const CheckpointPayload = z.strictObject({
  origin: z.string().min(1),
  treeSize: z.int().min(0),
  rootHash: z.string().length(43),
  timestamp: z.iso.datetime(),
});

export interface BundleVerdict {
  valid: boolean;
  /** Every check that failed, by name; empty when valid. */
  failures: string[];
  certificate?: Record<string, unknown>;
  checkpoint?: Checkpoint;
}

/**
 * Checks a certificate bundle offline: the certificate's signature, the checkpoint's signature,
 * the certificate's inclusion in the tree the checkpoint signs, and, given a newer checkpoint
 * with a consistency proof, that the newer tree extends the older one. Fails closed: anything
 * malformed or unverifiable is a failure, never a pass.
 */
export async function verifyBundle(
  bundleInput: unknown,
  jwks: { keys: JWK[] },
  newerInput?: unknown,
): Promise<BundleVerdict> {
  const bundle = Bundle.safeParse(bundleInput);
  if (!bundle.success) return { valid: false, failures: ['bundle-malformed'] };
  const keys = createLocalJWKSet(jwks);
  const failures: string[] = [];

  const certificate = await verifySigned(bundle.data.certificate, keys, SignedTypes.certificate);
  if (!certificate) failures.push('certificate-signature');

  const checkpoint = await verifyCheckpoint(bundle.data.checkpoint, keys);
  if (!checkpoint) failures.push('checkpoint-signature');

  if (checkpoint && !includes(bundle.data, checkpoint)) failures.push('inclusion-proof');

  if (newerInput !== undefined) {
    const ok = checkpoint && (await extends_(checkpoint, newerInput, keys));
    if (!ok) failures.push('consistency-proof');
  }

  return {
    valid: failures.length === 0,
    failures,
    ...(certificate ? { certificate: certificate as Record<string, unknown> } : {}),
    ...(checkpoint ? { checkpoint } : {}),
  };
}

export type KeySet = ReturnType<typeof createLocalJWKSet>;

/** The payload of a compact JWS signed by one of the keys with the given `typ`, or undefined. */
export async function verifySigned(jws: string, keys: KeySet, typ: string): Promise<unknown> {
  try {
    assertCanonicalCompactJws(jws);
    const { payload, protectedHeader } = await compactVerify(jws, keys, {
      algorithms: ['EdDSA'],
    });
    if (protectedHeader.typ !== typ) return undefined;
    return JSON.parse(new TextDecoder().decode(payload)) as unknown;
  } catch {
    return undefined;
  }
}

export async function verifyCheckpoint(jws: string, keys: KeySet): Promise<Checkpoint | undefined> {
  const payload = await verifySigned(jws, keys, SignedTypes.checkpoint);
  const parsed = CheckpointPayload.safeParse(payload);
  if (!parsed.success) return undefined;
  try {
    decodeStrict(parsed.data.rootHash);
    return parsed.data;
  } catch {
    return undefined;
  }
}

function includes(bundle: z.infer<typeof Bundle>, checkpoint: Checkpoint): boolean {
  try {
    const leaf = rfc9162Sha256.leaf(new TextEncoder().encode(bundle.certificate));
    const proof = bundle.inclusionProof.map(decodeStrict);
    const root = decodeStrict(checkpoint.rootHash);
    return verifyInclusion(rfc9162Sha256, leaf, bundle.leafIndex, checkpoint.treeSize, proof, root);
  } catch {
    return false;
  }
}

async function extends_(older: Checkpoint, newerInput: unknown, keys: KeySet): Promise<boolean> {
  const newer = Newer.safeParse(newerInput);
  if (!newer.success) return false;
  const head = await verifyCheckpoint(newer.data.checkpoint, keys);
  if (!head || head.origin !== older.origin) return false;
  try {
    const proof = newer.data.consistencyProof.map(decodeStrict);
    const [first, second] = [decodeStrict(older.rootHash), decodeStrict(head.rootHash)];
    return verifyConsistency(rfc9162Sha256, older.treeSize, head.treeSize, first, second, proof);
  } catch {
    return false;
  }
}
