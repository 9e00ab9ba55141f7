import type { Outbox } from '@hcts/bus';
import type { Transaction } from 'kysely';
import type {
  Cause,
  CertificateStore,
  LogTransaction,
  SignedCheckpoint,
  StoreTransaction,
} from '../../app/ports.ts';
import type { Checkpoint } from '../../domain/checkpoint.ts';
import type { CompletedPurchase } from '../../domain/completed-purchase.ts';
import type { TreeHasher } from '../../domain/merkle/index.ts';
import { toRecord } from './certificate-rows.ts';
import type { Database } from './database.ts';
import { PostgresMerkleLog } from './postgres-merkle-log.ts';
import { PostgresStoreTransaction } from './postgres-store-transaction.ts';
import type { CertificatesDatabase } from './schema.ts';

type Trx = Transaction<CertificatesDatabase>;

export class PostgresCertificateStore implements CertificateStore {
  readonly #db: Database;
  readonly #log: PostgresMerkleLog;
  readonly #outbox: Outbox;
  readonly #outer: Trx | undefined;

  constructor(db: Database, hasher: TreeHasher, outbox: Outbox, outer?: Trx) {
    this.#db = db;
    this.#log = new PostgresMerkleLog(db, hasher);
    this.#outbox = outbox;
    this.#outer = outer;
  }

  /** The same store, with its units of work inside a transaction someone else owns (inbox). */
  boundTo(trx: Trx): PostgresCertificateStore {
    return new PostgresCertificateStore(this.#db, this.#log.hasher, this.#outbox, trx);
  }

  unit<T>(cause: Cause, work: (store: StoreTransaction) => Promise<T>): Promise<T> {
    const run = (trx: Trx) =>
      work(new PostgresStoreTransaction(trx, this.#log, this.#outbox, cause));
    return this.#outer ? run(this.#outer) : this.#db.transaction().execute(run);
  }

  locked<T>(cause: Cause, work: (store: LogTransaction) => Promise<T>): Promise<T> {
    const run = async (trx: Trx) => {
      // Taken first, so that every appender queues here rather than deadlocking later.
      await trx.selectFrom('merkle_log').select('id').where('id', '=', 1).forUpdate().execute();
      return work(new PostgresStoreTransaction(trx, this.#log, this.#outbox, cause));
    };
    return this.#outer ? run(this.#outer) : this.#db.transaction().execute(run);
  }

  async byId(id: string) {
    const row = await this.#db
      .selectFrom('certificates')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row && toRecord(row);
  }

  async byCode(code: string) {
    const row = await this.#db
      .selectFrom('certificates')
      .selectAll()
      .where('verification_code', '=', code)
      .executeTakeFirst();
    return row && toRecord(row);
  }

  async purchase(transactionId: string) {
    const row = await (this.#outer ?? this.#db)
      .selectFrom('purchases')
      .select('purchase')
      .where('transaction_id', '=', transactionId)
      .executeTakeFirst();
    return row?.purchase as CompletedPurchase | undefined;
  }

  async byOrganization(organizationId: string, limit: number) {
    const rows = await this.#db
      .selectFrom('certificates')
      .selectAll()
      .where((eb) =>
        eb.or([
          eb('buyer_organization_id', '=', organizationId),
          eb('provider_organization_id', '=', organizationId),
          eb('intermediary_organization_id', '=', organizationId),
        ]),
      )
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return rows.map(toRecord);
  }

  logSize() {
    return this.#log.size();
  }

  logRoot(size: number) {
    return this.#log.root(size);
  }

  inclusionProof(index: number, size: number) {
    return this.#log.inclusionProof(index, size);
  }

  consistencyProof(first: number, second: number) {
    return this.#log.consistencyProof(first, second);
  }

  async latestCheckpoint(): Promise<SignedCheckpoint | undefined> {
    const row = await this.#db
      .selectFrom('checkpoints')
      .select(['jws'])
      .orderBy('tree_size', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row && { jws: row.jws, checkpoint: checkpointOf(row.jws) };
  }

  async saveCheckpoint(signed: SignedCheckpoint, keyId: string): Promise<SignedCheckpoint> {
    const { checkpoint } = signed;
    await this.#db
      .insertInto('checkpoints')
      .values({
        tree_size: checkpoint.treeSize,
        root_hash: Buffer.from(checkpoint.rootHash, 'base64url'),
        signed_at: checkpoint.timestamp,
        key_id: keyId,
        jws: signed.jws,
      })
      .onConflict((oc) => oc.column('tree_size').doNothing())
      .execute();

    // Two signers racing for one size: the first one stored is the one everyone serves.
    const row = await this.#db
      .selectFrom('checkpoints')
      .select('jws')
      .where('tree_size', '=', checkpoint.treeSize)
      .executeTakeFirstOrThrow();
    return { jws: row.jws, checkpoint: checkpointOf(row.jws) };
  }

  async latestStatusList() {
    const row = await this.#db
      .selectFrom('status_lists')
      .select('jws')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row?.jws;
  }
}

function checkpointOf(jws: string): Checkpoint {
  // Stored checkpoints were signed here; reading the payload needs no verification.
  const payload = jws.split('.')[1] ?? '';
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Checkpoint;
}
