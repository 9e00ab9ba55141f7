import { type AlongsideWrite, type EventStoreTables, PostgresEventStore } from '@hcts/event-store';
import { type Kysely, sql, type Transaction } from 'kysely';
import type pg from 'pg';
import type {
  ListFilter,
  TransactionChange,
  TransactionRepository,
  TransactionSummary,
  TransactionUnit,
} from '../../app/ports.ts';
import { TradingError } from '../../domain/errors.ts';
import type { TransactionStatus } from '../../domain/state.ts';
import { keptResponseWrite } from './postgres-idempotency.ts';
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
  const events = new PostgresEventStore(db as Kysely<EventStoreTables>, { pool });
  return {
    events,
    unit: unitOver(events),
    list: (filter) => listSummaries(db, filter),
  };
}

/** Appends and the list row inside a transaction someone else opened (the inbox's, say). */
export function transactionUnit(trx: AnyTrx): TransactionUnit {
  return unitOver(new PostgresEventStore(trx as unknown as Kysely<EventStoreTables>));
}

function unitOver(events: PostgresEventStore): TransactionUnit {
  return { events, save: (change) => save(events, change) };
}

/** The events, the list row and the kept response: one statement, so one commit or none. */
async function save(events: PostgresEventStore, change: TransactionChange): Promise<void> {
  const writes: AlongsideWrite[] = [];
  if (change.summary) writes.push(summaryWrite(change.summary));
  if (change.response) writes.push(keptResponseWrite(change.response));
  try {
    await events.appendWith(change.streamId, change.events, change.expected, writes);
  } catch (error) {
    // Another copy of the call kept its response under the key first; this one applied nothing.
    if (isKeyTaken(error)) throw new TradingError('idempotencyKeyInFlight');
    throw error;
  }
}

function isKeyTaken(error: unknown): boolean {
  const e = error as { code?: string; constraint?: string };
  return e?.code === '23505' && e.constraint === 'trading_idempotency_pkey';
}

/**
 * The list row, written when the events are (it reads `appended`), and, when it changed, a
 * notification on `changesChannel` with the transaction id and version: Postgres delivers it
 * at commit, waking waiting reads and the relay. The version guard keeps an older write from
 * overwriting a newer one.
 */
function summaryWrite(s: TransactionSummary): AlongsideWrite {
  return {
    name: 'trading_summary',
    text: `insert into trading_transactions (transaction_id, status, version, buyer_organization_id,
      provider_organization_id, intermediary_organization_id, currency, total_minor,
      refunded_minor, updated_at)
    select $1::uuid, $2::text, $3::bigint, $4::text, $5::text, $6::text, $7::text, $8::bigint,
      $9::bigint, $10::timestamptz
    from (select 1 from appended limit 1) as a
    on conflict (transaction_id) do update set
      status = excluded.status, version = excluded.version,
      refunded_minor = excluded.refunded_minor, updated_at = excluded.updated_at
    where trading_transactions.version < excluded.version
    returning pg_notify('${changesChannel}', transaction_id::text || ' ' || version::text)`,
    values: [
      s.transactionId,
      s.status,
      s.version,
      s.buyerOrganizationId,
      s.providerOrganizationId,
      s.intermediaryOrganizationId,
      s.currency,
      s.totalMinor,
      s.refundedMinor,
      s.updatedAt,
    ],
  };
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
