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
  /** Published rows older than this are deleted by the relay. */
  retainPublishedMs?: number;
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
}

// One relay per database publishes at a time: a pass runs under this transaction lock.
const relayLock = [0x0b05, 0] as const;

/**
 * Publishes outbox rows in id order: read up to N pending rows, send them in one request,
 * mark them, all in one transaction holding the relay lock. A crash before the mark leaves
 * the rows pending, so they are sent again: delivery is at least once and consumers dedupe
 * by event id. Ids grow per key in commit order (see createOutbox), so one key's events
 * reach Kafka in order.
 */
export async function startRelay(options: RelayOptions): Promise<Relay> {
  const settings = {
    batchSize: options.batchSize ?? 500,
    pollIntervalMs: options.pollIntervalMs ?? 1_000,
    retainPublishedMs: options.retainPublishedMs ?? 3_600_000,
  };
  const log = options.logger.child({ 'bus.component': 'relay' });
  const wakeup: Wakeup = await createWakeup(options.listenUrl, log);
  let running = true;
  let lastPrune = 0;

  const pass = () => relayPass(options, settings.batchSize);
  const loop = (async () => {
    while (running) {
      try {
        const sent = await pass();
        if (sent === settings.batchSize) continue;
        if (Date.now() - lastPrune > 60_000) {
          lastPrune = Date.now();
          await prune(options.db, settings.retainPublishedMs);
        }
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

async function relayPass(options: RelayOptions, batchSize: number): Promise<number> {
  return options.db.transaction().execute(async (trx) => {
    const locked = await sql<{ ok: boolean }>`
      select pg_try_advisory_xact_lock(${relayLock[0]}, ${relayLock[1]}) as ok
    `.execute(trx);
    if (!locked.rows[0]?.ok) return 0;

    const { rows } = await sql<OutboxRow>`
      select id, event_id, topic, message_key, headers, payload from bus_outbox
      where published_at is null order by id limit ${batchSize}
    `.execute(trx);
    if (rows.length === 0) {
      options.metrics.relayLag.set(0);
      return 0;
    }

    await options.producer.send(rows.map(toRecord));
    await options.afterSend?.(rows.map((r) => r.event_id));
    await markPublished(trx, rows, options.metrics);
    return rows.length;
  });
}

async function markPublished(trx: AnyDatabase, rows: OutboxRow[], metrics: BusMetrics) {
  const { rows: marked } = await sql<{ delay: number }>`
    with marked as (
      update bus_outbox set published_at = clock_timestamp()
      where id = any(${rows.map((r) => r.id)}::bigint[])
      returning published_at - created_at as delay
    )
    select extract(epoch from max(delay))::float8 as delay from marked
  `.execute(trx);
  const delay = marked[0]?.delay ?? 0;

  metrics.relayPublished.inc(rows.length);
  metrics.relayLag.set(delay);
  metrics.relayDelay.observe(delay);
}

function toRecord(row: OutboxRow): OutgoingRecord {
  return { topic: row.topic, key: row.message_key, value: row.payload, headers: row.headers };
}

async function prune(db: AnyDatabase, retainMs: number): Promise<void> {
  await sql`
    delete from bus_outbox
    where published_at < clock_timestamp() - make_interval(secs => ${retainMs / 1000})
  `.execute(db);
}
