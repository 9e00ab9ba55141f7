/** Bytes of a hash; SHA-256 gives 32. */
export type Hash = Uint8Array;

/** The digest function, injected so that the domain stays free of runtime modules. */
export type Digest = (data: Uint8Array) => Hash;

/** RFC 9162 section 2.1.1: domain-separated leaf and interior node hashes. */
export interface TreeHasher {
  readonly emptyRoot: Hash;
  leaf(entry: Uint8Array): Hash;
  node(left: Hash, right: Hash): Hash;
}

const leafPrefix = 0x00;
const nodePrefix = 0x01;

export function treeHasher(digest: Digest): TreeHasher {
  return Object.freeze({
    emptyRoot: digest(new Uint8Array(0)),
    leaf(entry: Uint8Array): Hash {
      const input = new Uint8Array(entry.length + 1);
      input[0] = leafPrefix;
      input.set(entry, 1);
      return digest(input);
    },
    node(left: Hash, right: Hash): Hash {
      const input = new Uint8Array(left.length + right.length + 1);
      input[0] = nodePrefix;
      input.set(left, 1);
      input.set(right, left.length + 1);
      return digest(input);
    },
  });
}

/** Constant-shape comparison; the values compared are public, so timing is not a concern. */
export function sameHash(a: Hash, b: Hash): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i += 1) if (a[i] !== b[i]) return false;
  return true;
}
