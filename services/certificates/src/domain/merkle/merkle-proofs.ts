import type { Hash, TreeHasher } from './tree-hasher.ts';
import {
  completeNode,
  consistencyRanges,
  frontierNodes,
  inclusionRanges,
  type LeafRange,
  type NodeRef,
  nodeKey,
  rangeNodes,
  splitPoint,
  uniqueNodes,
} from './tree-shape.ts';

/** Stored complete-subtree hashes by level and index; throws when one is missing. */
export type NodeLookup = (level: number, index: number) => Hash;

export interface StoredNode extends NodeRef {
  readonly hash: Hash;
}

export function lookupFrom(nodes: Iterable<StoredNode>): NodeLookup {
  const byKey = new Map<string, Hash>();
  for (const n of nodes) byKey.set(nodeKey(n.level, n.index), n.hash);
  return (level, index) => {
    const hash = byKey.get(nodeKey(level, index));
    if (!hash) throw new Error(`merkle node ${level}:${index} is not stored`);
    return hash;
  };
}

/** MTH(D[start:end]) from stored complete subtrees, splitting as RFC 9162 does. */
export function rangeHash(hasher: TreeHasher, range: LeafRange, lookup: NodeLookup): Hash {
  const size = range.end - range.start;
  if (size === 0) return hasher.emptyRoot;
  const complete = completeNode(range);
  if (complete) return lookup(complete.level, complete.index);
  const k = splitPoint(size);
  const left = rangeHash(hasher, { start: range.start, end: range.start + k }, lookup);
  const right = rangeHash(hasher, { start: range.start + k, end: range.end }, lookup);
  return hasher.node(left, right);
}

/** Nodes a store must load to answer each question; one query instead of one per node. */
export const nodesNeeded = Object.freeze({
  root: (size: number) => frontierNodes(size),
  inclusion: (index: number, size: number) =>
    uniqueNodes(inclusionRanges(index, size).flatMap(rangeNodes)),
  consistency: (first: number, second: number) =>
    first > 0 && first < second
      ? uniqueNodes(consistencyRanges(first, second).flatMap(rangeNodes))
      : [],
  append: (size: number) => frontierNodes(size),
});

export function treeRoot(hasher: TreeHasher, size: number, lookup: NodeLookup): Hash {
  return rangeHash(hasher, { start: 0, end: size }, lookup);
}

export function inclusionProof(
  hasher: TreeHasher,
  index: number,
  size: number,
  lookup: NodeLookup,
): Hash[] {
  if (!(index >= 0 && index < size)) throw new RangeError('leaf index outside the tree');
  return inclusionRanges(index, size).map((r) => rangeHash(hasher, r, lookup));
}

export function consistencyProof(
  hasher: TreeHasher,
  first: number,
  second: number,
  lookup: NodeLookup,
): Hash[] {
  if (!(first >= 0 && first <= second)) throw new RangeError('first size exceeds second size');
  if (first === 0 || first === second) return [];
  return consistencyRanges(first, second).map((r) => rangeHash(hasher, r, lookup));
}

/**
 * The complete subtrees that appending these leaf hashes creates, leaves included. `lookup`
 * must hold the frontier of the current size (see nodesNeeded.append).
 */
export function appendNodes(
  hasher: TreeHasher,
  size: number,
  leafHashes: Hash[],
  lookup: NodeLookup,
): StoredNode[] {
  const created = new Map<string, Hash>();
  const read = (level: number, index: number) =>
    created.get(nodeKey(level, index)) ?? lookup(level, index);
  const out: StoredNode[] = [];

  leafHashes.forEach((leaf, offset) => {
    let level = 0;
    let index = size + offset;
    let hash = leaf;
    out.push({ level, index, hash });
    created.set(nodeKey(level, index), hash);

    // A right child completes its parent; climb while that keeps happening.
    while (index % 2 === 1) {
      hash = hasher.node(read(level, index - 1), hash);
      level += 1;
      index = (index - 1) / 2;
      out.push({ level, index, hash });
      created.set(nodeKey(level, index), hash);
    }
  });
  return out;
}
