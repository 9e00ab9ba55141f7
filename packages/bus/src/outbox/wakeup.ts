import pg from 'pg';
import type { Logger } from 'pino';
import { outboxChannel } from '../migrations.ts';

/** Wakes the relay when the outbox notifies, or after a timeout (short polling fallback). */
export interface Wakeup {
  wait(timeoutMs: number): Promise<void>;
  wake(): void;
  close(): Promise<void>;
}

export async function createWakeup(url: string | undefined, log: Logger): Promise<Wakeup> {
  let pending = false;
  let release: (() => void) | undefined;
  const wake = () => {
    pending = true;
    release?.();
  };

  const client = url ? new pg.Client({ connectionString: url }) : undefined;
  if (client) {
    // A lost LISTEN connection degrades the relay to polling; it does not stop it.
    client.on('error', (err) => log.warn({ err }, 'outbox listen connection lost'));
    client.on('notification', wake);
    await client.connect();
    await client.query(`listen ${outboxChannel}`);
  }

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
      await client?.end();
    },
  };
}
