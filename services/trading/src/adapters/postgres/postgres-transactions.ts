import { type EventStoreTables, PostgresEventStore } from '@hcts/event-store';
import { type Kysely, sql, type Transaction } from 'kysely';
import type pg from 'pg';
import type {
  ListFilter,
  TransactionRepository,
  TransactionSummary,
  TransactionUnit,
} from '../../app/ports.ts';
import type { TransactionStatus } from '../../domain/state.ts';
import { changesChannel } from './postgres-transaction-changes.ts';

// Trading's tables are reached with raw SQL; the database type parameter is not used.
// biome-ignore lint/suspicious/noExplicitAny: kysely's database type is invariant
type AnyDb = Kysely<any>;
// biome-ignore lint/suspicious/noExplicitAny: see above
type AnyTrx = Transaction<any>;

interface SummaryRow {
  transaction_id: string;
  status: TransactionStatus;
  version: number | string;
  buyer_organization_id: string;
  provider_organization_id: string;
  intermediary_organization_id: string | null;
  currency: string;
  total_minor: number | string;
  refunded_minor: number | string;
  updated_at: Date;
}

export function createTransactionRepository(db: AnyDb, pool: pg.Pool): TransactionRepository {
  return {
    events: new PostgresEventStore(db as Kysely<EventStoreTables>, { pool }),
    inUnit: (work) => db.transaction().execute((trx) => work(transactionUnit(trx))),
    list: (filter) => listSummaries(db, filter),
  };
}

/** Appends and the list row inside a transaction someone else opened (the inbox's, say). */
export function transactionUnit(trx: AnyTrx): TransactionUnit {
  return {
    events: new PostgresEventStore(trx as unknown as Kysely<EventStoreTables>),
    saveSummary: (summary) => saveSummary(trx, summary),
  };
}

/**
 * Writes the list row and, when it changed, notifies `changesChannel` with the transaction id:
 * Postgres delivers it at commit, waking waiting reads and the relay.
 */
async function saveSummary(db: AnyDb, s: TransactionSummary): Promise<void> {
  // The version guard keeps an older write from overwriting a newer one.
  await sql`
    with saved as (
    insert into trading_transactions (transaction_id, status, version, buyer_organization_id,
      provider_organization_id, intermediary_organization_id, currency, total_minor,
      refunded_minor, updated_at)
    values (${s.transactionId}, ${s.status}, ${s.version}, ${s.buyerOrganizationId},
      ${s.providerOrganizationId}, ${s.intermediaryOrganizationId}, ${s.currency},
      ${s.totalMinor}, ${s.refundedMinor}, ${s.updatedAt})
    on conflict (transaction_id) do update set
      status = excluded.status, version = excluded.version,
      refunded_minor = excluded.refunded_minor, updated_at = excluded.updated_at
    where trading_transactions.version < excluded.version
    returning transaction_id)
    select pg_notify(${changesChannel}, transaction_id::text) from saved`.execute(db);
}

const sideColumn = Object.freeze({
  buyer: sql.ref('buyer_organization_id'),
  provider: sql.ref('provider_organization_id'),
  intermediary: sql.ref('intermediary_organization_id'),
});

async function listSummaries(db: AnyDb, f: ListFilter): Promise<TransactionSummary[]> {
  const conditions = [sql`true`];
  if (f.side) conditions.push(sql`${sideColumn[f.side]} = ${f.organizationId}`);
  if (f.status) conditions.push(sql`status = ${f.status}`);
  if (f.after) conditions.push(sql`transaction_id < ${f.after}`);

  const { rows } = await sql<SummaryRow>`
    select * from trading_transactions
    where ${sql.join(conditions, sql` and `)}
    order by transaction_id desc
    limit ${f.limit}`.execute(db);
  return rows.map((r) => ({
    transactionId: r.transaction_id,
    status: r.status,
    version: Number(r.version),
    buyerOrganizationId: r.buyer_organization_id,
    providerOrganizationId: r.provider_organization_id,
    intermediaryOrganizationId: r.intermediary_organization_id,
    currency: r.currency,
    totalMinor: Number(r.total_minor),
    refundedMinor: Number(r.refunded_minor),
    updatedAt: r.updated_at.toISOString(),
  }));
}
