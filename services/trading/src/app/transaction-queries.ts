import type { RecordedEvent } from '@hcts/event-store';
import { mayRead } from '../domain/access.ts';
import { TradingError } from '../domain/errors.ts';
import { fold, type KnownTransaction, type TransactionStatus } from '../domain/state.ts';
import { actorOf, type Caller } from './caller.ts';
import type {
  ListFilter,
  TransactionChanges,
  TransactionRepository,
  TransactionSummary,
} from './ports.ts';
import { streamOf, toDomain } from './stream-events.ts';

export interface TransactionDetail {
  state: KnownTransaction;
  version: number;
  history: RecordedEvent[];
}

/** Rebuilds a transaction from its stream; the caller must be one of its parties. */
export async function getTransaction(
  repo: TransactionRepository,
  caller: Caller,
  transactionId: string,
): Promise<TransactionDetail> {
  const history = await repo.events.readStream(streamOf(transactionId));
  const state = fold(history.map(toDomain));
  if (state.status === 'none' || !mayRead(actorOf(caller), state)) {
    // A stranger learns nothing, not even that the transaction exists.
    throw new TradingError('notFound', { transactionId });
  }
  return { state, version: history.length, history };
}

export interface AwaitOptions {
  /** Answer as soon as the status is one of these. */
  statuses: readonly TransactionStatus[];
  /** Answer with the state as it is then, at the latest after this long. */
  timeoutMs: number;
}

// A notification lost with its connection costs a waiting read at most this long.
const recheckMs = 1_000;

/**
 * A bounded long poll: the transaction once one of `statuses` is reached, or as it is when the
 * time is up. The watch is taken before each read, so a change committed between the read and
 * the wait still ends the wait. A stranger gets the plain read's 404 before any waiting.
 */
export async function awaitTransaction(
  repo: TransactionRepository,
  changes: TransactionChanges,
  caller: Caller,
  transactionId: string,
  options: AwaitOptions,
): Promise<TransactionDetail> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const left = deadline - Date.now();
    const watch = left > 0 ? changes.watch(transactionId, Math.min(left, recheckMs)) : undefined;
    const detail = await getTransaction(repo, caller, transactionId).catch((error: unknown) => {
      watch?.stop();
      throw error;
    });

    if (!watch || options.statuses.includes(detail.state.status)) {
      watch?.stop();
      return detail;
    }
    // A change this read already saw (the caller's own, notified after its answer) is no news.
    await watch.changedAfter(detail.version);
  }
}

const sideOf: Readonly<Record<Caller['role'], ListFilter['side']>> = Object.freeze({
  admin: null,
  insurer: 'buyer',
  provider: 'provider',
  intermediary: 'intermediary',
});

/** One page of the caller's transactions, newest first, and the cursor of the next page. */
export async function listTransactions(
  repo: TransactionRepository,
  caller: Caller,
  page: { after?: string; limit: number; status?: ListFilter['status'] },
): Promise<{ items: TransactionSummary[]; next: string | null }> {
  const rows = await repo.list({
    side: sideOf[caller.role],
    organizationId: caller.organizationId,
    status: page.status,
    after: page.after,
    limit: page.limit + 1,
  });
  const items = rows.slice(0, page.limit);
  const next = rows.length > page.limit ? items[items.length - 1]!.transactionId : null;
  return { items, next };
}
