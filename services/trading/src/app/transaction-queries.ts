import type { RecordedEvent } from '@hcts/event-store';
import { mayRead } from '../domain/access.ts';
import { TradingError } from '../domain/errors.ts';
import { fold, type KnownTransaction } from '../domain/state.ts';
import { actorOf, type Caller } from './caller.ts';
import type { ListFilter, TransactionRepository, TransactionSummary } from './ports.ts';
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
