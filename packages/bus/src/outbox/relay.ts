import { sql } from 'kysely';
import type { Logger } from 'pino';
import type { AnyDatabase } from '../db.ts';
import type { BusProducer, OutgoingRecord } from '../kafka/types.ts';
import type { BusMetrics } from '../metrics.ts';
import { createWakeup, type Wakeup } from './wakeup.ts';

export interface RelayOptions {
  db: AnyDatabase;
  producer: BusProducer;
  logger: Logger;
  metrics: BusMetrics;
  /** Rows read, produced and marked per pass. */
  batchSize?: number;
  /** Longest wait between passes when no notification comes. */
  pollIntervalMs?: number;
  /** A database URL for LISTEN; without it the relay only polls. */
  listenUrl?: string;
  /** Fault injection for tests: runs after Kafka acknowledged a batch, before it is marked. */
  afterSend?: (eventIds: readonly string[]) => Promise<void> | void;
}

export interface Relay {
  /** Finishes the pass under way, then stops listening and polling. */
  stop(): Promise<void>;
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

// One relay per database publishes at a time: a pass runs under this transaction lock.
const relayLock = [0x0b05, 0] as const;

/**
 * Publishes outbox rows in id order. A pass is one transaction holding the relay lock: delete
 * up to N rows (one statement, returning them), send them in one request, commit. If the send fails or the process dies first, the transaction rolls back and the rows
 * stay pending, so they are sent again: delivery is at least once and consumers dedupe by
 * event id. Ids grow per key in commit order (see createOutbox), so one key's events reach
 * Kafka in order.
 */
export async function startRelay(options: RelayOptions): Promise<Relay> {
  const settings = {
    batchSize: options.batchSize ?? 500,
    pollIntervalMs: options.pollIntervalMs ?? 1_000,
  };
  const log = options.logger.child({ 'bus.component': 'relay' });
  const wakeup: Wakeup = await createWakeup(options.listenUrl, log);
  let running = true;

  const loop = (async () => {
    while (running) {
      try {
        const sent = await relayPass(options, settings.batchSize);
        if (sent === settings.batchSize) continue;
      } catch (error) {
        log.warn({ err: error }, 'relay pass failed');
      }
      if (running) await wakeup.wait(settings.pollIntervalMs);
    }
  })();

  let stopped: Promise<void> | undefined;
  const stop = async () => {
    running = false;
    wakeup.wake();
    await loop;
    await wakeup.close();
  };
  return { stop: () => (stopped ??= stop()) };
}

/** One pass of the relay; returns how many events it published (0 when another relay ran). */
export async function relayPass(
  options: Pick<RelayOptions, 'db' | 'producer' | 'metrics' | 'afterSend'>,
  batchSize: number,
): Promise<number> {
  return options.db.transaction().execute(async (trx) => {
    const rows = await markBatch(trx, batchSize);
    if (rows.length === 0) {
      options.metrics.relayLag.set(0);
      return 0;
    }

    const started = performance.now();
    await options.producer.send(rows.map(toRecord));
    await options.afterSend?.(rows.map((r) => r.event_id));

    const delay = Math.max(...rows.map((r) => r.age)) + (performance.now() - started) / 1000;
    options.metrics.relayPublished.inc(rows.length);
    options.metrics.relayLag.set(delay);
    options.metrics.relayDelay.observe(delay);
    return rows.length;
  });
}

/**
 * Takes the relay lock (without waiting: another relay is at work when it is taken) and takes
 * the oldest rows out of the outbox, in one round trip. A row's deletion is its mark: it is
 * cheaper than an update (no new row version, no index entry). The commit of a pass may be
 * asynchronous: a deletion lost in a Postgres crash only means the rows are sent again,
 * which consumers dedupe.
 */
async function markBatch(trx: AnyDatabase, batchSize: number): Promise<OutboxRow[]> {
  const { rows } = await sql<OutboxRow>`
    with leader as (
      select pg_try_advisory_xact_lock(${relayLock[0]}, ${relayLock[1]}) as ok,
        set_config('synchronous_commit', 'off', true)
    )
    delete from bus_outbox
    where id in (
      select id from bus_outbox where (select ok from leader) order by id limit ${batchSize}
    )
    returning id, event_id, topic, message_key, headers, payload,
      extract(epoch from clock_timestamp() - created_at)::float8 as age
  `.execute(trx);

  // RETURNING keeps no order: put the rows back in id order, the order per key.
  return rows.sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
}

function toRecord(row: OutboxRow): OutgoingRecord {
  return { topic: row.topic, key: row.message_key, value: row.payload, headers: row.headers };
}
