import type { Outbox, StagedEvent } from '@hcts/bus';
import { eventsByType } from '@hcts/contracts';
import { sql, type Transaction } from 'kysely';
import type {
  Cause,
  CertificateRecord,
  LogTransaction,
  OutgoingEvent,
  Revocation,
} from '../../app/ports.ts';
import type { CompletedPurchase } from '../../domain/completed-purchase.ts';
import { toRecord, toRow } from './certificate-rows.ts';
import type { PostgresMerkleLog } from './postgres-merkle-log.ts';
import type { CertificatesDatabase } from './schema.ts';

type Trx = Transaction<CertificatesDatabase>;

// Advisory lock classes (two-int form): one per transaction id, one for the status list.
const transactionLockClass = 0x0c01;
const statusListLockClass = 0x0c02;

/**
 * The certificate tables inside one transaction. Only the sequencer's instance also holds
 * the log's row lock and may append; the types say which one a caller has.
 */
export class PostgresStoreTransaction implements LogTransaction {
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

  async lockTransactions(transactionIds: string[]) {
    const ids = [...new Set(transactionIds)].sort();
    await sql`
      select count(*) from (
        select pg_advisory_xact_lock(${transactionLockClass}, hashtext(t))
        from unnest(${ids}::text[]) t
      ) locked`.execute(this.#trx);
  }

  async lockStatusList() {
    await sql`select pg_advisory_xact_lock(${statusListLockClass}, 0)`.execute(this.#trx);
  }

  async pendingLeaves(limit: number) {
    const rows = await this.#trx
      .selectFrom('certificates')
      .selectAll()
      .where('leaf_index', 'is', null)
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map(toRecord);
  }

  async assignLeaves(assignments: Array<{ id: string; leafIndex: number }>) {
    if (assignments.length === 0) return;
    await sql`
      update certificates c set leaf_index = a.leaf_index
      from unnest(${assignments.map((a) => a.id)}::uuid[], ${assignments.map((a) => a.leafIndex)}::bigint[])
        as a(id, leaf_index)
      where c.id = a.id`.execute(this.#trx);
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

    // One round trip for both tables: per-message transactions are bound by round trips.
    await sql`
      with saved as (
        insert into purchases (transaction_id, purchase)
        select * from unnest(
          ${purchases.map((p) => p.transactionId)}::uuid[],
          ${purchases.map((p) => JSON.stringify(p))}::jsonb[]
        )
        on conflict (transaction_id) do nothing
      )
      insert into certificates
      select * from jsonb_populate_recordset(null::certificates, ${JSON.stringify(
        records.map((c) => ({ ...toRow(c), issue_cause: c.cause })),
      )}::jsonb)`.execute(this.#trx);
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
      return { definition, data: e.data, context: e.cause ?? this.#cause };
    });
    await this.#outbox.addAll(this.#trx, staged);
  }
}
