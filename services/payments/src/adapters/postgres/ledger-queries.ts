import type { AnyDatabase, AnyTransaction } from '@hcts/bus';
import { sql } from 'kysely';
import type { Balance, StatementLine } from '../../app/ports/payments-reader.ts';
import type { AccountKind, EntryKind, LedgerEntry } from '../../domain/ledger.ts';

export async function loadEntry(
  db: AnyTransaction | AnyDatabase,
  key: string,
): Promise<LedgerEntry | undefined> {
  const { rows } = await sql<{
    entry_key: string;
    kind: EntryKind;
    pending_key: string | null;
    currency: string;
    payment_intent_id: string;
    transaction_id: string;
    memo: string;
    postings: { account_kind: AccountKind; owner: string; amount_minor: number }[] | null;
  }>`
    select e.*, (
      select json_agg(json_build_object('account_kind', p.account_kind, 'owner', p.owner,
        'amount_minor', p.amount_minor) order by p.id)
      from ledger_posting p where p.entry_id = e.id
    ) as postings
    from ledger_entry e where e.entry_key = ${key}`.execute(db);
  const row = rows[0];
  if (!row) return undefined;
  return {
    key: row.entry_key,
    kind: row.kind,
    pendingKey: row.pending_key,
    currency: row.currency.trim(),
    paymentIntentId: row.payment_intent_id,
    transactionId: row.transaction_id,
    memo: row.memo,
    postings: (row.postings ?? []).map((p) => ({
      accountKind: p.account_kind,
      owner: p.owner,
      amountMinor: Number(p.amount_minor),
    })),
  };
}

/**
 * Balances per account: posted = posted entries and posted holds; pending = holds not yet
 * posted or voided. Debits positive, credits negative. `owner` null means every account.
 */
export async function balances(db: AnyDatabase, owner: string | null): Promise<Balance[]> {
  const { rows } = await sql<{
    account_kind: AccountKind;
    owner: string;
    currency: string;
    posted: string;
    pending: string;
  }>`
    select p.account_kind, p.owner, p.currency,
      sum(case when e.kind in ('posted', 'post_pending') then p.amount_minor else 0 end)::text as posted,
      sum(case when e.kind = 'pending' and not exists (
        select 1 from ledger_entry r where r.pending_key = e.entry_key) then p.amount_minor else 0 end
      )::text as pending
    from ledger_posting p join ledger_entry e on e.id = p.entry_id
    where ${owner === null ? sql`true` : sql`p.owner = ${owner}`}
    group by p.account_kind, p.owner, p.currency
    order by p.owner, p.account_kind, p.currency`.execute(db);
  return rows.map((r) => ({
    accountKind: r.account_kind,
    owner: r.owner,
    currency: r.currency.trim(),
    postedMinor: Number(r.posted),
    pendingMinor: Number(r.pending),
  }));
}

/** The postings on an organization's accounts, newest first, bounded. */
export async function statement(
  db: AnyDatabase,
  owner: string,
  limit: number,
): Promise<StatementLine[]> {
  const { rows } = await sql<{
    entry_id: string;
    kind: EntryKind;
    memo: string;
    transaction_id: string;
    payment_intent_id: string;
    account_kind: AccountKind;
    currency: string;
    amount_minor: number;
    created_at: Date;
  }>`
    select e.id as entry_id, e.kind, e.memo, e.transaction_id, e.payment_intent_id,
      p.account_kind, p.currency, p.amount_minor, e.created_at
    from ledger_posting p join ledger_entry e on e.id = p.entry_id
    where p.owner = ${owner}
    order by p.id desc limit ${limit}`.execute(db);
  return rows.map((r) => ({
    entryId: r.entry_id,
    entryKind: r.kind,
    memo: r.memo,
    transactionId: r.transaction_id,
    paymentIntentId: r.payment_intent_id,
    accountKind: r.account_kind,
    currency: r.currency.trim(),
    amountMinor: r.amount_minor,
    at: r.created_at.toISOString(),
  }));
}

/** Sum of every posting per currency: zero in a sound ledger. */
export async function postingTotals(db: AnyDatabase): Promise<Map<string, bigint>> {
  const { rows } = await sql<{ currency: string; total: string }>`
    select currency, sum(amount_minor)::text as total from ledger_posting group by currency`.execute(
    db,
  );
  return new Map(rows.map((r) => [r.currency.trim(), BigInt(r.total)]));
}
