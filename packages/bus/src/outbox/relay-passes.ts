import type { ControlledTransaction } from 'kysely';
import { sql } from 'kysely';
import type { AnyDatabase } from '../db.ts';
import type { BusMetrics } from '../metrics.ts';
import type { PreparedBatches, RelayProducer } from './relay-producer.ts';
import type { JsonTopicBatch } from './relay-producer-protocol.ts';

export interface PassContext {
  db: AnyDatabase;
  producer: RelayProducer;
  metrics: BusMetrics;
  batchSize: number;
  /** Backend pid of the connection holding the relay's session lock. */
  leaderPid: number;
  lock: readonly [number, number];
  afterSend?: (eventIds: readonly string[]) => Promise<void> | void;
}

/** The messages of one topic taken by a pass, in id order, as JSON for the producer. */
interface TopicBatch extends JsonTopicBatch {
  /** Seconds since the oldest of these rows was inserted. */
  age: number;
}

// biome-ignore lint/suspicious/noExplicitAny: same reason as AnyDatabase (db.ts)
type Trx = ControlledTransaction<any>;

interface Taken {
  trx: Trx;
  batches: TopicBatch[];
  /** The batches handed to the producer thread (none when nothing was taken). */
  prepared: PreparedBatches | undefined;
  /** Rows taken, over every topic. */
  count: number;
}

interface Pass extends Taken {
  sent: Promise<void>;
  started: number;
}

// Passes taken ahead of the one on its way to Kafka. With two, the next batch is taken and
// already parsed by the producer thread when an acknowledgement comes, even when one take was
// slow (Postgres shares the cores). Each costs an open transaction (a pool connection).
const passesAhead = 2;

/**
 * Sends what the outbox holds, pass after pass, until it is empty; returns how many events.
 * A pass is a transaction that deletes up to N rows (returning them), sends them in one
 * request and commits. Takes run one after the other, up to `passesAhead` ahead of the pass
 * on its way to Kafka; a pass is sent only after the previous was acknowledged and committed,
 * so batches reach Kafka in id order. A failure rolls back every pass not yet committed:
 * those rows are sent again later (at least once).
 */
export async function drainOutbox(ctx: PassContext, running: () => boolean): Promise<number> {
  const ahead: Promise<Taken | null>[] = [];
  let inFlight: Pass | undefined;
  let taken: Taken | null = null;
  let failed = false;
  const going = () => running() && !failed;
  let total = 0;
  try {
    for (;;) {
      while (ahead.length < passesAhead) ahead.push(takeAfter(ctx, ahead.at(-1), going));
      taken = await (ahead.shift() as Promise<Taken | null>);
      if (inFlight) total += await finish(ctx, inFlight);
      inFlight = undefined;
      if (taken === null) break;

      if (taken.count === 0) {
        await taken.trx.rollback().execute();
        break;
      }
      inFlight = send(taken);
      taken = null;
    }
    return total;
  } catch (error) {
    failed = true;
    await inFlight?.sent.catch(() => {});
    const later = await Promise.all(ahead.map((t) => t.catch(() => null)));
    const open = [inFlight, taken, ...later];
    for (const pass of open) pass?.prepared?.drop();
    await Promise.all(
      open.map((p) =>
        p?.trx
          .rollback()
          .execute()
          .catch(() => {}),
      ),
    );
    throw error;
  }
}

/**
 * Takes the next batch once the previous take is done (never two at once: concurrent takes
 * could interleave ids). Nothing (null) after a short or failed take, or once stopping.
 */
async function takeAfter(
  ctx: PassContext,
  previous: Promise<Taken | null> | undefined,
  running: () => boolean,
): Promise<Taken | null> {
  const before = previous ? await previous.catch(() => null) : undefined;
  if (before === null || (before && before.count < ctx.batchSize) || !running()) return null;
  return takeBatch(ctx);
}

function send(taken: Taken): Pass {
  const sent = taken.prepared?.send() ?? Promise.resolve();
  // Awaited in finish(); a rejection before then must not count as unhandled.
  sent.catch(() => {});
  return { ...taken, sent, started: performance.now() };
}

/** Waits for Kafka's acknowledgement of a pass, then commits it. */
async function finish(ctx: PassContext, pass: Pass): Promise<number> {
  await pass.sent;
  if (ctx.afterSend) await ctx.afterSend(eventIdsOf(pass.batches));
  await pass.trx.commit().execute();

  const oldest = Math.max(...pass.batches.map((b) => b.age));
  const delay = oldest + (performance.now() - pass.started) / 1000;
  ctx.metrics.relayPublished.inc(pass.count);
  ctx.metrics.relayLag.set(delay);
  ctx.metrics.relayDelay.observe(delay);
  return pass.count;
}

/**
 * Opens a pass: deletes the lowest ids still in the outbox and returns them, in one round
 * trip. The rows of the pass still on its way are locked by its open transaction and skipped
 * (`skip locked`); no other transaction locks outbox rows. Nothing is taken unless this
 * relay's leader connection still holds the session lock. The commit may be asynchronous: a
 * deletion lost in a Postgres crash only means the rows are sent again, which inboxes absorb.
 *
 * Postgres hands the rows back already shaped as the producer takes them: one JSON array of
 * `{ key, value, headers }` per topic, in id order (the order per key), as text that the
 * producer thread parses. The relay's thread thus never parses a row; the driver's parsing of
 * every column of every row was its main cost beyond the Kafka encoding.
 */
async function takeBatch(ctx: PassContext): Promise<Taken> {
  const trx: Trx = await ctx.db.startTransaction().execute();
  try {
    const { rows } = await sql<TopicBatch & { count: number }>`
      with leader as (
        select set_config('synchronous_commit', 'off', true), exists (
          select 1 from pg_locks where locktype = 'advisory' and granted and objsubid = 2
            and classid = ${ctx.lock[0]} and objid = ${ctx.lock[1]} and pid = ${ctx.leaderPid}
        ) as ok
      ), taken as (
        delete from bus_outbox where id in (
          select id from bus_outbox where (select ok from leader)
          order by id limit ${ctx.batchSize} for update skip locked
        )
        returning id, topic, message_key, headers, payload, created_at
      )
      select topic, count(*)::int as count,
        extract(epoch from clock_timestamp() - min(created_at))::float8 as age,
        json_agg(
          json_build_object('key', message_key, 'value', payload, 'headers', headers)
          order by id
        )::text as messages
      from taken group by topic
    `.execute(trx);

    const count = rows.reduce((sum, r) => sum + r.count, 0);
    return {
      trx,
      batches: rows,
      count,
      prepared: count > 0 ? ctx.producer.prepare(rows) : undefined,
    };
  } catch (error) {
    await trx
      .rollback()
      .execute()
      .catch(() => {});
    throw error;
  }
}

function eventIdsOf(batches: readonly TopicBatch[]): string[] {
  return batches.flatMap((b) =>
    (JSON.parse(b.messages) as { headers: Record<string, string> }[]).map(
      (m) => m.headers.ce_id ?? '',
    ),
  );
}
