import pg from 'pg';
import type { Logger } from 'pino';
import type { TransactionChanges, TransactionWatch } from '../../app/ports.ts';

/**
 * The channel trading's list-row writer notifies at commit, with the transaction id and the
 * version written, separated by a space.
 */
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
  const watches = new Map<string, Set<(version: number) => void>>();
  const anyListeners: Array<() => void> = [];
  const maxWatches = options.maxWatches ?? 5_000;
  let size = 0;
  let closed = false;
  let client: pg.Client | undefined;

  const changed = (transactionId: string, version: number) => {
    for (const listener of anyListeners) listener();
    // A release may take itself out of the map, so the set is copied first.
    for (const release of [...(watches.get(transactionId) ?? [])]) release(version);
  };

  const listen = async (): Promise<void> => {
    const next = new pg.Client({ connectionString: options.url });
    next.on('notification', (message) => changed(...changeOf(message.payload ?? '')));
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
      for (const id of [...watches.keys()]) changed(id, Number.POSITIVE_INFINITY);
      await client?.end().catch(() => {});
    },
  };

  function watchOne(transactionId: string, timeoutMs: number): TransactionWatch {
    // The newest version notified, and the version the reader has seen once it says so.
    let newest = 0;
    let seen = Number.POSITIVE_INFINITY;
    let end: () => void = () => {};
    const ended = new Promise<void>((resolve) => {
      end = resolve;
    });
    const timer = setTimeout(() => stop(), timeoutMs);
    const notified = (version: number) => {
      newest = Math.max(newest, version);
      if (newest > seen) stop();
    };
    const stop = () => {
      clearTimeout(timer);
      const set = watches.get(transactionId);
      if (set?.delete(notified)) size -= 1;
      if (set?.size === 0) watches.delete(transactionId);
      end();
    };
    const set = watches.get(transactionId) ?? new Set();
    set.add(notified);
    watches.set(transactionId, set);
    size += 1;
    return {
      changedAfter: (version) => {
        seen = version;
        if (newest > seen) stop();
        return ended;
      },
      stop,
    };
  }
}

/** `id version` as the writer sends it; a payload without a version counts as any change. */
function changeOf(payload: string): [string, number] {
  const [transactionId = '', version] = payload.split(' ');
  const parsed = Number(version);
  return [transactionId, Number.isFinite(parsed) ? parsed : Number.POSITIVE_INFINITY];
}
