import type { Envelope } from '@hcts/contracts';
import { sql } from 'kysely';
import type { AnyDatabase } from '../db.ts';
import { BusError } from '../errors.ts';
import type { EventHandler, HandlerContext } from './types.ts';

export interface InboxRun {
  db: AnyDatabase;
  group: string;
  inbox: boolean;
  timeoutMs: number;
}

/**
 * One attempt: in one transaction, record (group, event id) in the inbox and run the handler.
 * A row already there means the event was handled before: nothing runs, and 'duplicate' says
 * so. A handler that overruns its time is aborted and its transaction rolled back; later
 * queries through its transaction fail, so it cannot write outside the attempt.
 */
export async function runInInbox(
  run: InboxRun,
  envelope: Envelope,
  handler: EventHandler,
  context: Omit<HandlerContext, 'trx' | 'signal'>,
): Promise<'handled' | 'duplicate'> {
  const trx = await run.db.startTransaction().execute();
  try {
    if (!(await begin(trx, run, envelope))) {
      await trx.rollback().execute();
      return 'duplicate';
    }

    await withTimeout(run.timeoutMs, envelope.type, (signal) =>
      handler(envelope, { ...context, trx, signal }),
    );
    await trx.commit().execute();
    return 'handled';
  } catch (error) {
    if (!trx.isCommitted && !trx.isRolledBack)
      await trx
        .rollback()
        .execute()
        .catch(() => {});
    throw error;
  }
}

/**
 * Bounds every statement of the attempt by the handler's time (a query stuck in Postgres would
 * otherwise hold the rollback back) and records the event in the inbox, in one round trip.
 * Returns false when the event was already recorded.
 */
async function begin(trx: AnyDatabase, run: InboxRun, envelope: Envelope): Promise<boolean> {
  const timeout = String(run.timeoutMs);
  if (!run.inbox) {
    await sql`select set_config('statement_timeout', ${timeout}, true)`.execute(trx);
    return true;
  }

  const { rows } = await sql`
    with bounded as (select set_config('statement_timeout', ${timeout}, true))
    insert into bus_inbox (consumer_group, event_id, event_type)
    select ${run.group}, ${envelope.id}, ${envelope.type} from bounded
    on conflict do nothing returning 1 as inserted
  `.execute(trx);
  return rows.length === 1;
}

async function withTimeout(
  timeoutMs: number,
  type: string,
  work: (signal: AbortSignal) => Promise<void>,
): Promise<void> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new BusError('BUS_HANDLER_TIMEOUT', { type, timeoutMs });
      controller.abort(error);
      reject(error);
    }, timeoutMs);
  });
  try {
    await Promise.race([work(controller.signal), expired]);
  } finally {
    clearTimeout(timer);
  }
}
