import type { AnyDatabase, AnyTransaction, Outbox } from '@hcts/bus';
import { sql } from 'kysely';
import { uuidv7 } from 'uuidv7';
import type {
  AttemptOutcome,
  IntentLookup,
  PaymentsStore,
  PaymentsUnit,
} from '../../app/ports/payments-store.ts';
import { PaymentError } from '../../domain/errors.ts';
import { checkEntry, type LedgerEntry, sameEntry } from '../../domain/ledger.ts';
import type { PaymentIntent } from '../../domain/payment-intent.ts';
import { stagedEventsOf } from './event-mapping.ts';
import { columnsOf, type IntentRow, recordOf } from './intent-rows.ts';
import { loadEntry } from './ledger-queries.ts';
import { claimStaleIntent, deferSweep } from './sweep-queries.ts';

export function createPaymentsStore(
  db: AnyDatabase,
  outbox: Outbox,
  topic?: string,
): PaymentsStore {
  return {
    unit: (work) => db.transaction().execute((trx) => work(paymentsUnit(trx, outbox, topic))),
  };
}

/** The store bound to a transaction someone else opened (the inbox consumer's, say). */
export function paymentsUnit(trx: AnyTransaction, outbox: Outbox, topic?: string): PaymentsUnit {
  return {
    lockIntent: async (by) => {
      const { rows } = await sql<IntentRow>`
        select * from payment_intent where ${whereOf(by)} for update`.execute(trx);
      return rows[0] ? recordOf(rows[0]) : undefined;
    },
    claimStaleIntent: (olderThanMs, skip) => claimStaleIntent(trx, olderThanMs, skip),
    deferSweep: (intentId, checks, delayMs) => deferSweep(trx, intentId, checks, delayMs),
    insertIntent: async (intent, createdByUserId) => {
      const values = { ...columnsOf(intent), created_by_user_id: createdByUserId };
      const result = await trx
        .insertInto('payment_intent')
        .values(values)
        .onConflict((c) => c.doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
    },
    saveIntent: async (intent) => {
      await trx
        .updateTable('payment_intent')
        .set({ ...columnsOf(intent), updated_at: sql`now()` })
        .where('id', '=', intent.id)
        .execute();
    },
    writeEntries: (entries) => writeEntries(trx, entries),
    recordAttempt: async (intentId, gateway, outcome, ref) => {
      await sql`
        insert into payment_attempt (id, payment_intent_id, gateway, outcome, gateway_payment_id)
        values (${uuidv7()}, ${intentId}, ${gateway}, ${outcome}, ${ref})`.execute(trx);
    },
    attempts: async (intentId) => {
      const { rows } = await sql<{ gateway: string; outcome: AttemptOutcome }>`
        select gateway, outcome from payment_attempt where payment_intent_id = ${intentId}
        order by id`.execute(trx);
      return rows;
    },
    recordGatewayEvent: async (gateway, eventId, type) => {
      const { rows } = await sql`
        insert into gateway_event (gateway, event_id, event_type) values (${gateway}, ${eventId}, ${type})
        on conflict do nothing returning 1`.execute(trx);
      return rows.length === 1;
    },
    insertRefund: async (refundId, intentId, amountMinor) => {
      const { rows } = await sql`
        insert into payment_refund (id, payment_intent_id, amount_minor)
        values (${refundId}, ${intentId}, ${amountMinor}) on conflict do nothing returning 1`.execute(
        trx,
      );
      return rows.length === 1;
    },
    refunds: async (intentId) => {
      const { rows } = await sql<{ id: string; amount_minor: number; applied: boolean }>`
        select id, amount_minor, applied from payment_refund where payment_intent_id = ${intentId}
        order by id`.execute(trx);
      return rows.map((r) => ({ id: r.id, amountMinor: r.amount_minor, applied: r.applied }));
    },
    markRefundApplied: async (refundId) => {
      await sql`update payment_refund set applied = true where id = ${refundId}`.execute(trx);
    },
    publish: (intent, facts, cause) => publish(trx, outbox, intent, facts, cause, topic),
    routingOf: async (organizationId) => {
      const { rows } = await sql<{ gateways: string[] }>`
        select gateways from gateway_routing where organization_id = ${organizationId}`.execute(
        trx,
      );
      return rows[0]?.gateways;
    },
    setRouting: async (organizationId, gateways) => {
      await sql`
        insert into gateway_routing (organization_id, gateways) values (${organizationId}, ${gateways}::text[])
        on conflict (organization_id) do update set gateways = excluded.gateways, updated_at = now()`.execute(
        trx,
      );
    },
    claimIdempotencyKey: async (organizationId, key, requestHash) => {
      const { rows } = await sql`
        insert into idempotency_request (organization_id, idempotency_key, request_hash, status_code, response)
        values (${organizationId}, ${key}, ${requestHash}, 0, 'null'::json)
        on conflict do nothing returning 1`.execute(trx);
      if (rows.length === 1) return { state: 'claimed' };
      const stored = await sql<{ request_hash: string; status_code: number; response: unknown }>`
        select request_hash, status_code, response from idempotency_request
        where organization_id = ${organizationId} and idempotency_key = ${key}`.execute(trx);
      const row = stored.rows[0]!;
      return {
        state: 'replay',
        requestHash: row.request_hash,
        statusCode: row.status_code,
        response: row.response,
      };
    },
    completeIdempotencyKey: async (organizationId, key, statusCode, response) => {
      await sql`
        update idempotency_request set status_code = ${statusCode}, response = ${JSON.stringify(response)}::json
        where organization_id = ${organizationId} and idempotency_key = ${key}`.execute(trx);
    },
  };
}

function whereOf(by: IntentLookup) {
  if ('id' in by) return sql`id = ${by.id}`;
  if ('transactionId' in by) return sql`transaction_id = ${by.transactionId}`;
  return sql`gateway = ${by.gateway} and gateway_payment_id = ${by.gatewayPaymentId}`;
}

/**
 * Writes each entry and its postings once. A key already present with the same content is a
 * replay and is skipped; with other content it is a conflict. The database enforces the rest:
 * immutability, one resolution per pending entry, and balance at commit.
 */
async function writeEntries(trx: AnyTransaction, entries: readonly LedgerEntry[]): Promise<void> {
  for (const entry of entries) {
    checkEntry(entry);
    const existing = await loadEntry(trx, entry.key);
    if (existing) {
      if (sameEntry(existing, entry)) continue;
      throw new PaymentError('PAYMENTS_LEDGER_ENTRY_CONFLICT', { key: entry.key });
    }

    const id = uuidv7();
    await sql`
      insert into ledger_entry (id, entry_key, kind, pending_key, currency, payment_intent_id,
        transaction_id, memo)
      values (${id}, ${entry.key}, ${entry.kind}, ${entry.pendingKey}, ${entry.currency},
        ${entry.paymentIntentId}, ${entry.transactionId}, ${entry.memo})`.execute(trx);
    if (entry.postings.length === 0) continue;
    await sql`
      insert into ledger_posting (entry_id, account_kind, owner, currency, amount_minor)
      select ${id}, * from unnest(
        ${entry.postings.map((p) => p.accountKind)}::text[],
        ${entry.postings.map((p) => p.owner)}::text[],
        ${entry.postings.map(() => entry.currency)}::text[],
        ${entry.postings.map((p) => p.amountMinor)}::bigint[])`.execute(trx);
  }
}

async function publish(
  trx: AnyTransaction,
  outbox: Outbox,
  intent: PaymentIntent,
  facts: Parameters<PaymentsUnit['publish']>[1],
  cause: Parameters<PaymentsUnit['publish']>[2],
  topic: string | undefined,
): Promise<void> {
  const keys = facts.flatMap((f) => (f.type === 'commission-settled' ? [f.entryKey] : []));
  const entryIds = new Map<string, string>();
  if (keys.length > 0) {
    const { rows } = await sql<{ entry_key: string; id: string }>`
      select entry_key, id from ledger_entry where entry_key = any(${keys}::text[])`.execute(trx);
    for (const r of rows) entryIds.set(r.entry_key, r.id);
  }
  await outbox.addAll(trx, stagedEventsOf(intent, facts, cause, entryIds, topic));
}
