import { EntityId } from '@hcts/contracts';
import type { ServiceApp } from '@hcts/kit';
import { z } from 'zod';
import type { TradingApp } from '../../app/trading-app.ts';
import { getTransaction, listTransactions } from '../../app/transaction-queries.ts';
import type { IdentifyCaller } from './caller.ts';
import { historyView, transactionView } from './transaction-view.ts';

const Status = z.enum([
  'quoted',
  'initiated',
  'authorized',
  'completed',
  'cancelled',
  'failed',
  'refunded',
]);
const ListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  /** The `next` of the previous page. */
  cursor: EntityId.optional(),
  status: Status.optional(),
});

export function transactionRoutes(
  app: ServiceApp,
  deps: TradingApp,
  callerOf: IdentifyCaller,
): void {
  app.get(
    '/api/transactions/:id',
    { schema: { params: z.object({ id: EntityId }) } },
    async (request) => {
      const detail = await getTransaction(deps.repo, await callerOf(request), request.params.id);
      return {
        ...transactionView(detail.state, detail.version),
        history: historyView(detail.history),
      };
    },
  );

  app.get('/api/transactions', { schema: { querystring: ListQuery } }, async (request) => {
    const { limit, cursor, status } = request.query;
    return listTransactions(deps.repo, await callerOf(request), { limit, after: cursor, status });
  });
}
