import pg from 'pg';
import type { Logger } from 'pino';
import { outboxChannel } from '../migrations.ts';

/** Wakes the relay when the outbox notifies, or after a timeout (short polling fallback). */
export interface Wakeup {
  wait(timeoutMs: number): Promise<void>;
  wake(): void;
  close(): Promise<void>;
}

/** Shown in pg_stat_activity, so that an operator (or a test) can tell this connection apart. */
export const wakeupApplicationName = 'hcts-outbox-listen';

export async function createWakeup(
  url: string | undefined,
  log: Logger,
  reconnectMs = 1_000,
): Promise<Wakeup> {
  let pending = false;
  let release: (() => void) | undefined;
  const wake = () => {
    pending = true;
    release?.();
  };
  const listener = url ? await listenForOutbox(url, wake, log, reconnectMs) : undefined;

  return {
    wake,
    wait: (timeoutMs) => {
      if (pending) {
        pending = false;
        return Promise.resolve();
      }
      return new Promise<void>((resolve) => {
        const timer = setTimeout(done, timeoutMs);
        function done() {
          clearTimeout(timer);
          release = undefined;
          pending = false;
          resolve();
        }
        release = done;
      });
    },
    close: async () => {
      await listener?.close();
    },
  };
}

/**
 * One LISTEN connection. When it is lost (a restart, a failover) the relay falls back to its
 * poll interval until a new connection listens again; it then reads once at once, since
 * notifications sent in between were missed.
 */
async function listenForOutbox(url: string, wake: () => void, log: Logger, reconnectMs: number) {
  let closed = false;
  let client: pg.Client | undefined;

  const listen = async (): Promise<void> => {
    const next = new pg.Client({ connectionString: url, application_name: wakeupApplicationName });
    next.on('notification', wake);
    next.on('error', (err) => {
      log.warn({ err }, 'outbox listen connection lost');
      if (client === next) client = undefined;
      void next.end().catch(() => {});
      retry();
    });
    await next.connect();
    await next.query(`listen ${outboxChannel}`);
    if (closed) return void (await next.end());
    client = next;
    wake();
  };
  const retry = () => {
    if (!closed) setTimeout(() => void listen().catch(failed), reconnectMs).unref();
  };
  const failed = (err: unknown) => {
    log.warn({ err }, 'outbox listen connection not open');
    retry();
  };

  await listen();
  return {
    close: async () => {
      closed = true;
      await client?.end().catch(() => {});
    },
  };
}
