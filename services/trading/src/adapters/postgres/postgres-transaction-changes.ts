import pg from 'pg';
import type { Logger } from 'pino';
import type { TransactionChanges, TransactionWatch } from '../../app/ports.ts';

/** The channel trading's list-row writer notifies at commit, with the transaction id. */
export const changesChannel = 'hcts_trading_transactions';

export interface ChangeFeedOptions {
  url: string;
  log: Logger;
  /** Watches at once at most; a read asking for more is answered without waiting. */
  maxWatches?: number;
  /** Pause before listening again after the connection was lost. */
  reconnectMs?: number;
}

export interface ChangeFeed extends TransactionChanges {
  /** Called on every change of any transaction (the relay's wake-up). */
  onAny(listener: () => void): void;
  /** Stops listening and ends every watch as unchanged. */
  close(): Promise<void>;
}

/**
 * One LISTEN connection per process. Postgres delivers a notification only once the writing
 * transaction committed, from whichever process wrote, so every replica's waiting reads learn
 * of a change within a round trip. A lost connection is reopened; meanwhile watches simply
 * time out, and the caller re-reads on its own schedule.
 */
export async function startChangeFeed(options: ChangeFeedOptions): Promise<ChangeFeed> {
  const watches = new Map<string, Set<() => void>>();
  const anyListeners: Array<() => void> = [];
  const maxWatches = options.maxWatches ?? 5_000;
  let size = 0;
  let closed = false;
  let client: pg.Client | undefined;

  const changed = (transactionId: string) => {
    for (const listener of anyListeners) listener();
    // Each release takes itself out of the map, so the set is copied first.
    for (const release of [...(watches.get(transactionId) ?? [])]) release();
  };

  const listen = async (): Promise<void> => {
    const next = new pg.Client({ connectionString: options.url });
    next.on('notification', (message) => changed(message.payload ?? ''));
    next.on('error', (err) => {
      options.log.warn({ err }, 'transaction change feed lost');
      void next.end().catch(() => {});
      if (client === next) client = undefined;
      if (!closed) setTimeout(() => void listen().catch(relisten), options.reconnectMs ?? 1_000);
    });
    await next.connect();
    await next.query(`listen ${changesChannel}`);
    if (closed) return void (await next.end());
    client = next;
  };
  const relisten = (err: unknown) => {
    options.log.warn({ err }, 'transaction change feed not listening');
    if (!closed) setTimeout(() => void listen().catch(relisten), options.reconnectMs ?? 1_000);
  };
  await listen();

  return {
    watch: (transactionId, timeoutMs) =>
      closed || size >= maxWatches ? undefined : watchOne(transactionId, timeoutMs),
    onAny: (listener) => {
      anyListeners.push(listener);
    },
    close: async () => {
      closed = true;
      for (const id of [...watches.keys()]) changed(id);
      await client?.end().catch(() => {});
    },
  };

  function watchOne(transactionId: string, timeoutMs: number): TransactionWatch {
    let release: () => void = () => {};
    const changedOrTimedOut = new Promise<void>((resolve) => {
      const timer = setTimeout(() => release(), timeoutMs);
      release = () => {
        clearTimeout(timer);
        forget();
        resolve();
      };
    });
    const forget = () => {
      const set = watches.get(transactionId);
      if (set?.delete(release)) size -= 1;
      if (set?.size === 0) watches.delete(transactionId);
    };
    const set = watches.get(transactionId) ?? new Set();
    set.add(release);
    watches.set(transactionId, set);
    size += 1;
    return { settled: changedOrTimedOut, stop: () => release() };
  }
}
