import { sql } from 'kysely';
import type { Logger } from 'pino';
import type { AnyDatabase } from '../db.ts';
import type { BusMetrics } from '../metrics.ts';
import { drainOutbox, type PassContext } from './relay-passes.ts';
import type { RelayProducer } from './relay-producer.ts';
import { createWakeup } from './wakeup.ts';

export interface RelayOptions {
  db: AnyDatabase;
  /** The producer thread the relay sends with (started once, again if it stopped). */
  openProducer: () => Promise<RelayProducer>;
  logger: Logger;
  metrics: BusMetrics;
  /**
   * Most rows taken, sent and deleted per pass (default 2000). A pass takes what the outbox
   * holds up to this, so an idle outbox still goes out at once; under a backlog, fewer and
   * larger passes cost fewer round trips per event. The producer thread splits a pass into
   * requests under the broker's size limit.
   */
  batchSize?: number;
  /** Longest wait between passes when no notification comes; also a standby's retry. */
  pollIntervalMs?: number;
  /** A database URL for LISTEN; without it the relay only polls. */
  listenUrl?: string;
  /** Fault injection for tests: runs after Kafka acknowledged a batch, before its commit. */
  afterSend?: (eventIds: readonly string[]) => Promise<void> | void;
}

export interface Relay {
  /** Finishes the passes under way, then gives up the lead and stops listening. */
  stop(): Promise<void>;
}

// Measured against 500 (bench/relay-vs-raw.ts): per event, the broker round trip and the
// take's fixed costs shrink with the pass; 2000 rows are about 1 to 2 MB in memory.
const defaultBatchSize = 2_000;

// The relay lock: one relay per database sends at a time, the others stand by.
const relayLock = [0x0b05, 0] as const;

/**
 * Publishes the outbox in id order (see drainOutbox). The relay holds a session advisory lock
 * on a connection of its own while it leads; a second replica's relay retries every poll
 * interval and takes over when the first one's connection goes. Between drains it waits for
 * the outbox's NOTIFY (sent at commit) or the poll interval, whichever comes first.
 */
export async function startRelay(options: RelayOptions): Promise<Relay> {
  const log = options.logger.child({ 'bus.component': 'relay' });
  const pollIntervalMs = options.pollIntervalMs ?? 1_000;
  const wakeup = await createWakeup(options.listenUrl, log);
  let running = true;

  const lead = () =>
    options.db.connection().execute(async (leader) => {
      const { rows } = await sql<{ ok: boolean; pid: number }>`
        select pg_try_advisory_lock(${relayLock[0]}, ${relayLock[1]}) as ok, pg_backend_pid() as pid
      `.execute(leader);
      if (!rows[0]?.ok) return;

      try {
        const ctx: PassContext = {
          ...options,
          producer: await options.openProducer(),
          batchSize: options.batchSize ?? defaultBatchSize,
          leaderPid: rows[0].pid,
          lock: relayLock,
        };
        log.info({}, 'relay leads');
        while (running) {
          const sent = await drainOutbox(ctx, () => running);
          if (sent > 0) continue;

          // Idle: make sure the lead is still held (a lost connection frees the lock).
          options.metrics.relayLag.set(0);
          await sql`select 1`.execute(leader);
          if (running) await wakeup.wait(pollIntervalMs);
        }
      } finally {
        await sql`select pg_advisory_unlock(${relayLock[0]}, ${relayLock[1]})`.execute(leader);
      }
    });

  const loop = (async () => {
    while (running) {
      try {
        await lead();
      } catch (error) {
        log.warn({ err: error }, 'relay pass failed');
      }
      if (running) await wakeup.wait(pollIntervalMs);
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
