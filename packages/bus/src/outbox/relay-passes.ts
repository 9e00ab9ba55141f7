import type { ControlledTransaction } from 'kysely';
import { sql } from 'kysely';
import type { AnyDatabase } from '../db.ts';
import type { BusProducer, OutgoingRecord } from '../kafka/types.ts';
import type { BusMetrics } from '../metrics.ts';

export interface PassContext {
  db: AnyDatabase;
  producer: BusProducer;
  metrics: BusMetrics;
  batchSize: number;
  /** Backend pid of the connection holding the relay's session lock. */
  leaderPid: number;
  lock: readonly [number, number];
  afterSend?: (eventIds: readonly string[]) => Promise<void> | void;
}

interface OutboxRow {
  id: string;
  event_id: string;
  topic: string;
  message_key: string;
  headers: Record<string, string>;
  payload: string;
  /** Seconds since the row was inserted. */
  age: number;
}

// biome-ignore lint/suspicious/noExplicitAny: same reason as AnyDatabase (db.ts)
type Trx = ControlledTransaction<any>;

interface Pass {
  trx: Trx;
  rows: OutboxRow[];
  sent: Promise<void>;
  started: number;
}

/**
 * Sends what the outbox holds, pass after pass, until it is empty; returns how many events.
 * A pass is a transaction that deletes up to N rows (returning them), sends them in one
 * request and commits. Passes overlap by one: the next batch is taken while the previous is
 * on its way to Kafka, but it is sent only after the previous was acknowledged and
 * committed, so batches reach Kafka in id order. A failure rolls back every pass not yet
 * committed: those rows are sent again later (at least once).
 */
export async function drainOutbox(ctx: PassContext, running: () => boolean): Promise<number> {
  const open: Pass[] = [];
  let total = 0;
  try {
    let previous: Pass | undefined;
    while (running()) {
      const taken = await takeBatch(ctx, previous?.rows);
      if (previous) total += await finish(ctx, open.shift() as Pass);
      if (taken.rows.length === 0) {
        await taken.trx.rollback().execute();
        break;
      }

      previous = send(ctx, taken);
      open.push(previous);
      if (taken.rows.length < ctx.batchSize) break;
    }
    for (let pass = open.shift(); pass; pass = open.shift()) total += await finish(ctx, pass);
    return total;
  } catch (error) {
    await Promise.all(open.map((p) => p.sent.catch(() => {})));
    await Promise.all(
      open.map((p) =>
        p.trx
          .rollback()
          .execute()
          .catch(() => {}),
      ),
    );
    throw error;
  }
}

function send(ctx: PassContext, taken: { trx: Trx; rows: OutboxRow[] }): Pass {
  const sent = ctx.producer.send(taken.rows.map(toRecord));
  // Awaited in finish(); a rejection before then must not count as unhandled.
  sent.catch(() => {});
  return { ...taken, sent, started: performance.now() };
}

/** Waits for Kafka's acknowledgement of a pass, then commits it. */
async function finish(ctx: PassContext, pass: Pass): Promise<number> {
  await pass.sent;
  await ctx.afterSend?.(pass.rows.map((r) => r.event_id));
  await pass.trx.commit().execute();

  const delay =
    Math.max(...pass.rows.map((r) => r.age)) + (performance.now() - pass.started) / 1000;
  ctx.metrics.relayPublished.inc(pass.rows.length);
  ctx.metrics.relayLag.set(delay);
  ctx.metrics.relayDelay.observe(delay);
  return pass.rows.length;
}

/**
 * Opens a pass: deletes the lowest ids still in the outbox (leaving out those of the pass on
 * its way) and returns them in id order, in one round trip. Nothing is taken unless this
 * relay's leader connection still holds the session lock. The commit may be asynchronous: a
 * deletion lost in a Postgres crash only means the rows are sent again, which inboxes absorb.
 */
async function takeBatch(ctx: PassContext, inFlight: OutboxRow[] | undefined) {
  const trx: Trx = await ctx.db.startTransaction().execute();
  try {
    const { rows } = await sql<OutboxRow>`
      with leader as (
        select set_config('synchronous_commit', 'off', true), exists (
          select 1 from pg_locks where locktype = 'advisory' and granted and objsubid = 2
            and classid = ${ctx.lock[0]} and objid = ${ctx.lock[1]} and pid = ${ctx.leaderPid}
        ) as ok
      )
      delete from bus_outbox where id in (
        select id from bus_outbox
        where (select ok from leader) and id <> all(${(inFlight ?? []).map((r) => r.id)}::bigint[])
        order by id limit ${ctx.batchSize}
      )
      returning id, event_id, topic, message_key, headers, payload,
        extract(epoch from clock_timestamp() - created_at)::float8 as age
    `.execute(trx);

    // RETURNING keeps no order: put the rows back in id order, the order per key.
    return { trx, rows: rows.sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1)) };
  } catch (error) {
    await trx
      .rollback()
      .execute()
      .catch(() => {});
    throw error;
  }
}

function toRecord(row: OutboxRow): OutgoingRecord {
  return { topic: row.topic, key: row.message_key, value: row.payload, headers: row.headers };
}
