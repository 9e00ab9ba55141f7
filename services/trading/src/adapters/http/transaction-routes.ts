import {
  EntityId,
  TransactionStatusValue,
  TransactionWaitQuery,
  waitedStatuses,
} from '@hcts/contracts';
import type { ServiceApp } from '@hcts/kit';
import { z } from 'zod';
import type { TradingApp } from '../../app/trading-app.ts';
import {
  awaitTransaction,
  getTransaction,
  listTransactions,
} from '../../app/transaction-queries.ts';
import type { BudgetedChanges } from '../../app/wait-budget.ts';
import type { IdentifyCaller } from './caller.ts';
import { TransactionDetailSchema, TransactionPageSchema } from './response-schemas.ts';
import { historyView, transactionView } from './transaction-view.ts';

const ListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  /** The `next` of the previous page. */
  cursor: EntityId.optional(),
  status: TransactionStatusValue.optional(),
});

const ReadSchema = {
  params: z.object({ id: EntityId }),
  querystring: TransactionWaitQuery,
  response: { 200: TransactionDetailSchema },
};

export function transactionRoutes(
  app: ServiceApp,
  deps: TradingApp,
  changes: BudgetedChanges,
  callerOf: IdentifyCaller,
): void {
  app.get('/api/transactions/:id', { schema: ReadSchema }, async (request) => {
    const caller = await callerOf(request);
    const { id } = request.params;
    const { waitFor, timeoutMs } = request.query;
    const detail = waitFor
      ? await awaitTransaction(
          deps.repo,
          changes.forOrganization(caller.organizationId),
          caller,
          id,
          {
            statuses: waitedStatuses(waitFor),
            timeoutMs,
          },
        )
      : await getTransaction(deps.repo, caller, id);
    const view = {
      ...transactionView(detail.state, detail.version),
      history: historyView(detail.history),
    };
    // The domain's interfaces carry no index signature; the loose schema accepts them as is.
    return view as unknown as z.infer<typeof TransactionDetailSchema>;
  });

  const listSchema = { querystring: ListQuery, response: { 200: TransactionPageSchema } };
  app.get('/api/transactions', { schema: listSchema }, async (request) => {
    const { limit, cursor, status } = request.query;
    return listTransactions(deps.repo, await callerOf(request), { limit, after: cursor, status });
  });
}
