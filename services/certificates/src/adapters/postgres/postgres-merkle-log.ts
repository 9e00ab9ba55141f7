import { sql, type Transaction } from 'kysely';
import {
  appendNodes,
  consistencyProof,
  type Hash,
  inclusionProof,
  lookupFrom,
  type NodeRef,
  nodesNeeded,
  type StoredNode,
  type TreeHasher,
  treeRoot,
} from '../../domain/merkle/index.ts';
import type { Database } from './database.ts';
import type { CertificatesDatabase } from './schema.ts';

type Executor = Database | Transaction<CertificatesDatabase>;

/**
 * The append-only Merkle log in Postgres. Only complete subtrees are stored (about two rows per
 * leaf); any tree head or proof is derived from the few of them that the domain asks for.
 */
export class PostgresMerkleLog {
  readonly #db: Database;
  readonly #hasher: TreeHasher;

  constructor(db: Database, hasher: TreeHasher) {
    this.#db = db;
    this.#hasher = hasher;
  }

  get hasher(): TreeHasher {
    return this.#hasher;
  }

  /**
   * Appends leaf hashes inside the caller's transaction and returns the index of the first.
   * The row lock on the log serializes appenders, so indexes are dense and never reused.
   */
  async append(trx: Transaction<CertificatesDatabase>, leafHashes: Hash[]): Promise<number> {
    const head = await trx
      .selectFrom('merkle_log')
      .select('size')
      .where('id', '=', 1)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const size = Number(head.size);
    if (leafHashes.length === 0) return size;

    const frontier = await this.#load(trx, nodesNeeded.append(size));
    const created = appendNodes(this.#hasher, size, leafHashes, lookupFrom(frontier));
    await trx
      .insertInto('merkle_nodes')
      .values(created.map((n) => ({ level: n.level, idx: n.index, hash: Buffer.from(n.hash) })))
      .execute();
    await trx
      .updateTable('merkle_log')
      .set({ size: size + leafHashes.length })
      .where('id', '=', 1)
      .execute();
    return size;
  }

  async size(db: Executor = this.#db): Promise<number> {
    const head = await db
      .selectFrom('merkle_log')
      .select('size')
      .where('id', '=', 1)
      .executeTakeFirstOrThrow();
    return Number(head.size);
  }

  async root(size: number): Promise<Hash> {
    await this.#requireSize(size);
    const nodes = await this.#load(this.#db, nodesNeeded.root(size));
    return treeRoot(this.#hasher, size, lookupFrom(nodes));
  }

  async inclusionProof(index: number, size: number): Promise<Hash[]> {
    await this.#requireSize(size);
    const nodes = await this.#load(this.#db, nodesNeeded.inclusion(index, size));
    return inclusionProof(this.#hasher, index, size, lookupFrom(nodes));
  }

  async consistencyProof(first: number, second: number): Promise<Hash[]> {
    await this.#requireSize(second);
    const nodes = await this.#load(this.#db, nodesNeeded.consistency(first, second));
    return consistencyProof(this.#hasher, first, second, lookupFrom(nodes));
  }

  async #requireSize(size: number): Promise<void> {
    if (size > (await this.size())) throw new RangeError('tree size beyond the log');
  }

  async #load(db: Executor, refs: NodeRef[]): Promise<StoredNode[]> {
    if (refs.length === 0) return [];
    const levels = refs.map((r) => r.level);
    const indexes = refs.map((r) => r.index);
    const rows = await sql<{ level: number; idx: string; hash: Buffer }>`
      SELECT n.level, n.idx, n.hash
      FROM merkle_nodes n
      JOIN unnest(${levels}::smallint[], ${indexes}::bigint[]) AS w(level, idx)
        ON n.level = w.level AND n.idx = w.idx`.execute(db);
    return rows.rows.map((r) => ({
      level: r.level,
      index: Number(r.idx),
      hash: new Uint8Array(r.hash),
    }));
  }
}
