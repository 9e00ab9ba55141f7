import type { AnyTransaction } from '@hcts/bus';
import { sql } from 'kysely';
import type { StaleIntent } from '../../app/ports/payments-store.ts';
import { type IntentRow, recordOf } from './intent-rows.ts';

type SweepRow = IntentRow & { sweep_checks: number };

/**
 * The oldest processing intent due for a look, locked; `updated_at` is when it was submitted,
 * since a processing intent is saved again only when it leaves that status. Uses the partial
 * index `payment_intent_processing`.
 */
export async function claimStaleIntent(
  trx: AnyTransaction,
  olderThanMs: number,
  skipGateways: readonly string[],
): Promise<StaleIntent | undefined> {
  const { rows } = await sql<SweepRow>`
    select * from payment_intent
    where status = 'processing' and gateway_payment_id is not null
      and updated_at < now() - make_interval(secs => ${olderThanMs / 1000})
      and (sweep_due_at is null or sweep_due_at <= now())
      and gateway <> all(${[...skipGateways]}::text[])
    order by updated_at, id
    limit 1
    for update skip locked`.execute(trx);
  const row = rows[0];
  return row ? { record: recordOf(row), checks: row.sweep_checks } : undefined;
}

/** Leaves `updated_at` alone: the intent's age keeps counting from its submission. */
export async function deferSweep(
  trx: AnyTransaction,
  intentId: string,
  checks: number,
  delayMs: number,
): Promise<void> {
  await sql`
    update payment_intent
    set sweep_checks = ${checks}, sweep_due_at = now() + make_interval(secs => ${delayMs / 1000})
    where id = ${intentId}`.execute(trx);
}
