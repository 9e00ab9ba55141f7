import { createHash } from 'node:crypto';
import { type TreeHasher, treeHasher } from '../../domain/merkle/index.ts';

export function sha256(data: Uint8Array): Uint8Array {
  return new Uint8Array(createHash('sha256').update(data).digest());
}

/** The log's hasher: RFC 9162 with SHA-256. */
export const rfc9162Sha256: TreeHasher = treeHasher(sha256);
