/**
 * Where hashes live in a Merkle tree of RFC 9162 shape. A complete subtree is named by its level
 * (0 for leaves) and its index at that level: it covers leaves [index * 2^level, (index + 1) *
 * 2^level). Complete subtrees never change once written, so a store keeps exactly those and
 * derives every other hash from them. Arithmetic avoids 32-bit bit operators on purpose: tree
 * sizes are safe integers, not int32.
 */
export interface NodeRef {
  readonly level: number;
  readonly index: number;
}

/** A half-open range of leaf indexes [start, end). */
export interface LeafRange {
  readonly start: number;
  readonly end: number;
}

export function nodeKey(level: number, index: number): string {
  return `${level}:${index}`;
}

/** The largest power of two strictly below n, for n > 1 (RFC 9162's k). */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

function isPowerOfTwo(n: number): boolean {
  let v = n;
  while (v > 1 && v % 2 === 0) v /= 2;
  return v === 1;
}

function levelOf(size: number): number {
  return Math.round(Math.log2(size));
}

/** The complete subtree that covers exactly this range, if one does. */
export function completeNode(range: LeafRange): NodeRef | undefined {
  const size = range.end - range.start;
  if (size <= 0 || !isPowerOfTwo(size) || range.start % size !== 0) return undefined;
  return { level: levelOf(size), index: range.start / size };
}

/**
 * The complete subtrees whose hashes give the hash of a range under RFC 9162's split rule.
 * For ranges that come out of that rule every left part is aligned, so the recursion stops at
 * stored nodes.
 */
export function rangeNodes(range: LeafRange): NodeRef[] {
  const size = range.end - range.start;
  if (size <= 0) return [];
  const complete = completeNode(range);
  if (complete) return [complete];
  const k = splitPoint(size);
  return [
    ...rangeNodes({ start: range.start, end: range.start + k }),
    ...rangeNodes({ start: range.start + k, end: range.end }),
  ];
}

/** RFC 9162 2.1.3.1 PATH(m, D[n]): the ranges whose hashes form the inclusion proof. */
export function inclusionRanges(index: number, size: number): LeafRange[] {
  const out: LeafRange[] = [];
  let start = 0;
  let end = size;
  let m = index;
  const siblings: LeafRange[] = [];

  while (end - start > 1) {
    const k = splitPoint(end - start);
    if (m < k) {
      siblings.push({ start: start + k, end });
      end = start + k;
    } else {
      siblings.push({ start, end: start + k });
      start += k;
      m -= k;
    }
  }

  // The recursion appends on the way out, so the deepest sibling comes first.
  for (let i = siblings.length - 1; i >= 0; i -= 1) out.push(siblings[i]!);
  return out;
}

/** RFC 9162 2.1.4.1 PROOF(m, D[n]) for 0 < m < n: the ranges whose hashes form the proof. */
export function consistencyRanges(first: number, second: number): LeafRange[] {
  const siblings: LeafRange[] = [];
  let start = 0;
  let end = second;
  let m = first;
  let whole = true;

  while (m !== end - start) {
    const n = end - start;
    const k = splitPoint(n);
    if (m <= k) {
      siblings.push({ start: start + k, end });
      end = start + k;
    } else {
      siblings.push({ start, end: start + k });
      start += k;
      m -= k;
      whole = false;
    }
  }

  const out: LeafRange[] = whole ? [] : [{ start, end }];
  for (let i = siblings.length - 1; i >= 0; i -= 1) out.push(siblings[i]!);
  return out;
}

/**
 * The complete subtrees along the right edge of a tree of this size: the only existing nodes
 * that appending leaves can combine with.
 */
export function frontierNodes(size: number): NodeRef[] {
  return rangeNodes({ start: 0, end: size });
}

export function uniqueNodes(refs: NodeRef[]): NodeRef[] {
  const seen = new Map<string, NodeRef>();
  for (const ref of refs) seen.set(nodeKey(ref.level, ref.index), ref);
  return [...seen.values()];
}
