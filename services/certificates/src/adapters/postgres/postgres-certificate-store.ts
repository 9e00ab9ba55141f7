import type { Outbox, StagedEvent } from '@hcts/bus';
import { eventsByType } from '@hcts/contracts';
import type { Selectable, Transaction } from 'kysely';
import type {
  Cause,
  CertificateRecord,
  CertificateStore,
  LockedStore,
  OutgoingEvent,
  Revocation,
  SignedCheckpoint,
} from '../../app/ports.ts';
import type { Checkpoint } from '../../domain/checkpoint.ts';
import type { CompletedPurchase } from '../../domain/completed-purchase.ts';
import type { TreeHasher } from '../../domain/merkle/index.ts';
import type { Database } from './database.ts';
import { PostgresMerkleLog } from './postgres-merkle-log.ts';
import type { CertificatesDatabase, CertificateTable } from './schema.ts';

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

  locked<T>(cause: Cause, work: (store: LockedStore) => Promise<T>): Promise<T> {
    const run = async (trx: Trx) => {
      // Taken first, so that every writer queues here rather than deadlocking later.
      await trx.selectFrom('merkle_log').select('id').where('id', '=', 1).forUpdate().execute();
      return work(new LockedPostgresStore(trx, this.#log, this.#outbox, cause));
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

class LockedPostgresStore implements LockedStore {
  readonly #trx: Trx;
  readonly #log: PostgresMerkleLog;
  readonly #outbox: Outbox;
  readonly #cause: Cause;

  constructor(trx: Trx, log: PostgresMerkleLog, outbox: Outbox, cause: Cause) {
    this.#trx = trx;
    this.#log = log;
    this.#outbox = outbox;
    this.#cause = cause;
  }

  async certificatesOf(transactionIds: string[]) {
    if (transactionIds.length === 0) return [];
    const rows = await this.#trx
      .selectFrom('certificates')
      .selectAll()
      .where('transaction_id', 'in', [...new Set(transactionIds)])
      .execute();
    return rows.map(toRecord);
  }

  appendLeaves(leafHashes: Uint8Array[]) {
    return this.#log.append(this.#trx, leafHashes);
  }

  async insertCertificates(records: CertificateRecord[], purchases: CompletedPurchase[]) {
    if (records.length === 0) return;
    await this.#trx
      .insertInto('purchases')
      .values(
        purchases.map((p) => ({ transaction_id: p.transactionId, purchase: JSON.stringify(p) })),
      )
      .onConflict((oc) => oc.column('transaction_id').doNothing())
      .execute();
    await this.#trx.insertInto('certificates').values(records.map(toRow)).execute();
  }

  async revoke(transactionId: string, reason: string, at: Date, keep?: string) {
    let query = this.#trx
      .updateTable('certificates')
      .set({ revoked_at: at, revocation_reason: reason })
      .where('transaction_id', '=', transactionId)
      .where('revoked_at', 'is', null);
    if (keep !== undefined) query = query.where('id', '!=', keep);
    const rows = await query.returning(['id', 'transaction_id']).execute();
    return rows.map((r) => ({
      certificateId: r.id,
      transactionId: r.transaction_id,
      revokedAt: at,
      reason,
    }));
  }

  async revokedEntries(): Promise<Revocation[]> {
    const rows = await this.#trx
      .selectFrom('certificates')
      .select(['id', 'transaction_id', 'revoked_at', 'revocation_reason'])
      .where('revoked_at', 'is not', null)
      .orderBy('revoked_at')
      .execute();
    return rows.map((r) => ({
      certificateId: r.id,
      transactionId: r.transaction_id,
      revokedAt: r.revoked_at!,
      reason: r.revocation_reason ?? '',
    }));
  }

  async saveStatusList(jws: string, count: number, at: Date) {
    await this.#trx
      .insertInto('status_lists')
      .values({ jws, revoked_count: count, signed_at: at })
      .execute();
  }

  async enqueue(events: OutgoingEvent[]) {
    const staged = events.map((e): StagedEvent => {
      const definition = eventsByType.get(e.type);
      if (!definition) throw new Error(`no contract for event type ${e.type}`);
      return { definition, data: e.data, context: this.#cause };
    });
    await this.#outbox.addAll(this.#trx, staged);
  }
}

function checkpointOf(jws: string): Checkpoint {
  // Stored checkpoints were signed here; reading the payload needs no verification.
  const payload = jws.split('.')[1] ?? '';
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Checkpoint;
}

function toRecord(row: Selectable<CertificateTable>): CertificateRecord {
  return {
    id: row.id,
    transactionId: row.transaction_id,
    version: row.version,
    supersedes: row.supersedes,
    reason: row.reason,
    verificationCode: row.verification_code,
    keyId: row.key_id,
    jws: row.jws,
    leafIndex: Number(row.leaf_index),
    buyerOrganizationId: row.buyer_organization_id,
    providerOrganizationId: row.provider_organization_id,
    intermediaryOrganizationId: row.intermediary_organization_id,
    issuedAt: row.issued_at,
    revokedAt: row.revoked_at,
    revocationReason: row.revocation_reason,
  };
}

function toRow(c: CertificateRecord) {
  return {
    id: c.id,
    transaction_id: c.transactionId,
    version: c.version,
    supersedes: c.supersedes,
    reason: c.reason,
    verification_code: c.verificationCode,
    key_id: c.keyId,
    jws: c.jws,
    leaf_index: c.leafIndex,
    buyer_organization_id: c.buyerOrganizationId,
    provider_organization_id: c.providerOrganizationId,
    intermediary_organization_id: c.intermediaryOrganizationId,
    issued_at: c.issuedAt,
    revoked_at: c.revokedAt,
    revocation_reason: c.revocationReason,
  };
}
