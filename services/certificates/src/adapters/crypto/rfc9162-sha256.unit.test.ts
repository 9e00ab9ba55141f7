import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  appendNodes,
  consistencyProof,
  type Hash,
  inclusionProof,
  lookupFrom,
  type StoredNode,
  treeRoot,
  verifyConsistency,
  verifyInclusion,
} from '../../domain/merkle/index.ts';
import { rfc9162Sha256 as hasher, sha256 } from './sha256.ts';

const hex = (h: Hash) => Buffer.from(h).toString('hex');
const entry = (i: number, salt = '') => new TextEncoder().encode(`entry-${salt}${i}`);

/** The RFC's recursive definition, straight from the leaves: the reference the store must match. */
function referenceRoot(leaves: Hash[]): Hash {
  if (leaves.length === 0) return sha256(new Uint8Array(0));
  if (leaves.length === 1) return leaves[0]!;
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return hasher.node(referenceRoot(leaves.slice(0, k)), referenceRoot(leaves.slice(k)));
}

/** A log built by appending in batches of the given sizes, as the store does. */
function buildLog(size: number, batch = 7, salt = '') {
  const nodes: StoredNode[] = [];
  const leaves: Hash[] = [];
  for (let start = 0; start < size; start += batch) {
    const count = Math.min(batch, size - start);
    const hashes = Array.from({ length: count }, (_, i) => hasher.leaf(entry(start + i, salt)));
    nodes.push(...appendNodes(hasher, start, hashes, lookupFrom(nodes)));
    leaves.push(...hashes);
  }
  return { leaves, lookup: lookupFrom(nodes) };
}

const log = buildLog(3000, 13);
const rootOf = (size: number) => treeRoot(hasher, size, log.lookup);

describe('tree head', () => {
  it('matches the RFC 9162 definition for every size up to 300', () => {
    for (let n = 0; n <= 300; n += 1) {
      expect(hex(rootOf(n))).toBe(hex(referenceRoot(log.leaves.slice(0, n))));
    }
  });

  it('gives the published RFC 6962 / 9162 roots of the eight-leaf reference log', () => {
    const inputs = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657'];
    inputs.push('606162636465666768696a6b6c6d6e6f');
    const leaves = inputs.map((x) => hasher.leaf(new Uint8Array(Buffer.from(x, 'hex'))));
    const lookup = lookupFrom(appendNodes(hasher, 0, leaves, lookupFrom([])));
    const roots = [1, 2, 3, 4, 5, 6, 7, 8].map((n) => hex(treeRoot(hasher, n, lookup)));
    expect(roots).toEqual([
      '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
      'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
      'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
      '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
      '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
      'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
      '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
    ]);
  });

  it('is the SHA-256 of the empty string for the empty tree', () => {
    expect(hex(rootOf(0))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('does not depend on how leaves were batched', () => {
    const other = buildLog(517, 1);
    expect(hex(treeRoot(hasher, 517, other.lookup))).toBe(hex(rootOf(517)));
  });
});

describe('inclusion proofs', () => {
  it('hold for any leaf of any size up to 3000', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3000 }), fc.nat(), (size, seed) => {
        const index = seed % size;
        const proof = inclusionProof(hasher, index, size, log.lookup);
        return verifyInclusion(hasher, log.leaves[index]!, index, size, proof, rootOf(size));
      }),
      { numRuns: 400 },
    );
  });

  it('fail when any byte of the proof, the leaf or the root changes', () => {
    const size = 1234;
    const index = 777;
    const proof = inclusionProof(hasher, index, size, log.lookup);
    const root = rootOf(size);
    const leaf = log.leaves[index]!;
    expect(verifyInclusion(hasher, leaf, index, size, proof, root)).toBe(true);

    for (let p = 0; p < proof.length; p += 1) {
      for (let b = 0; b < 32; b += 1) {
        const bad = proof.map((h) => new Uint8Array(h));
        bad[p]![b]! ^= 0x01;
        expect(verifyInclusion(hasher, leaf, index, size, bad, root)).toBe(false);
      }
    }
    for (let b = 0; b < 32; b += 1) {
      const badLeaf = new Uint8Array(leaf);
      badLeaf[b]! ^= 0x80;
      expect(verifyInclusion(hasher, badLeaf, index, size, proof, root)).toBe(false);
      const badRoot = new Uint8Array(root);
      badRoot[b]! ^= 0x80;
      expect(verifyInclusion(hasher, leaf, index, size, proof, badRoot)).toBe(false);
    }
  });

  it('fail for another index, another size, a truncated or extended proof', () => {
    const proof = inclusionProof(hasher, 100, 1000, log.lookup);
    const root = rootOf(1000);
    const leaf = log.leaves[100]!;
    expect(verifyInclusion(hasher, leaf, 101, 1000, proof, root)).toBe(false);
    // A size of another path shape; sizes of the same shape are bound by the signed checkpoint.
    expect(verifyInclusion(hasher, leaf, 100, 2000, proof, root)).toBe(false);
    expect(verifyInclusion(hasher, leaf, 100, 1000, proof.slice(1), root)).toBe(false);
    expect(verifyInclusion(hasher, leaf, 100, 1000, [...proof, proof[0]!], root)).toBe(false);
    expect(verifyInclusion(hasher, leaf, 1000, 1000, proof, root)).toBe(false);
  });
});

describe('consistency proofs', () => {
  it('hold between any two sizes up to 3000', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3000 }), fc.integer({ min: 0, max: 3000 }), (a, b) => {
        const [m, n] = a <= b ? [a, b] : [b, a];
        const proof = consistencyProof(hasher, m, n, log.lookup);
        return verifyConsistency(hasher, m, n, rootOf(m), rootOf(n), proof);
      }),
      { numRuns: 400 },
    );
  });

  it('hold for every first size against one second size', () => {
    for (let m = 0; m <= 257; m += 1) {
      const proof = consistencyProof(hasher, m, 257, log.lookup);
      expect(verifyConsistency(hasher, m, 257, rootOf(m), rootOf(257), proof)).toBe(true);
    }
  });

  it('fail for a rewritten history', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2999 }),
        fc.integer({ min: 1, max: 3000 }),
        fc.nat(),
        (m, extra, seed) => {
          const n = Math.min(3000, m + extra);
          if (n <= m) return true;

          // The second log differs from the first in one leaf below m: same sizes, new past.
          const rewritten = seed % m;
          const forged = buildForged(n, rewritten);
          const proof = consistencyProof(hasher, m, n, forged.lookup);
          const forgedRoot = treeRoot(hasher, n, forged.lookup);
          return !verifyConsistency(hasher, m, n, rootOf(m), forgedRoot, proof);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('fail when any byte of the proof changes', () => {
    const proof = consistencyProof(hasher, 1001, 2999, log.lookup);
    const [first, second] = [rootOf(1001), rootOf(2999)];
    expect(verifyConsistency(hasher, 1001, 2999, first, second, proof)).toBe(true);
    for (let p = 0; p < proof.length; p += 1) {
      for (let b = 0; b < 32; b += 1) {
        const bad = proof.map((h) => new Uint8Array(h));
        bad[p]![b]! ^= 0x04;
        expect(verifyConsistency(hasher, 1001, 2999, first, second, bad)).toBe(false);
      }
    }
    expect(verifyConsistency(hasher, 1001, 2999, first, second, proof.slice(0, -1))).toBe(false);
    expect(verifyConsistency(hasher, 1002, 2999, first, second, proof)).toBe(false);
  });
});

function buildForged(size: number, rewritten: number) {
  const nodes: StoredNode[] = [];
  const hashes = Array.from({ length: size }, (_, i) =>
    i === rewritten ? hasher.leaf(entry(i, 'forged-')) : log.leaves[i]!,
  );
  nodes.push(...appendNodes(hasher, 0, hashes, lookupFrom(nodes)));
  return { lookup: lookupFrom(nodes) };
}
