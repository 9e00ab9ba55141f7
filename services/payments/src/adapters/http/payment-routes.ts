import { EntityId, ForeignId } from '@hcts/contracts';
import type { ServiceApp } from '@hcts/kit';
import { z } from 'zod';
import { paymentsScope } from '../../app/caller.ts';
import { initiatePayment } from '../../app/initiate-payment.ts';
import {
  accountBalances,
  organizationStatement,
  paymentHistory,
  paymentStatus,
} from '../../app/payment-queries.ts';
import type { PaymentsApp } from '../../app/payments-app.ts';
import { PaymentError } from '../../domain/errors.ts';
import type { IdentifyCaller } from './caller.ts';
import { intentView } from './intent-view.ts';

// The transaction only: amounts, parties and the split come from trading's frozen quote.
const InitiateBody = z.strictObject({ transactionId: EntityId });
const IdempotencyKey = z.string().regex(/^[A-Za-z0-9._:-]{8,100}$/, '8 to 100 plain characters');
const Limit = z.coerce.number().int().min(1).max(200).default(50);

export function paymentRoutes(app: ServiceApp, deps: PaymentsApp, callerOf: IdentifyCaller): void {
  app.post(
    '/api/payments/initiate',
    { schema: { body: InitiateBody, headers: z.object({ 'idempotency-key': IdempotencyKey }) } },
    async (request, reply) => {
      const caller = await callerOf(request);
      const key = request.headers['idempotency-key'];
      const result = await initiatePayment(deps, caller, key, request.body);
      if (result.created) void deps.authorizer.kick();
      return reply.status(result.statusCode).send(result.body);
    },
  );

  app.get(
    '/api/payments/status/:id',
    { schema: { params: z.object({ id: EntityId }) } },
    async (request) =>
      intentView(await paymentStatus(deps.reader, await callerOf(request), request.params.id)),
  );

  app.get(
    '/api/payments/history/:userId',
    {
      schema: { params: z.object({ userId: ForeignId }), querystring: z.object({ limit: Limit }) },
    },
    async (request) => {
      const caller = await callerOf(request);
      const records = await paymentHistory(
        deps.reader,
        caller,
        request.params.userId,
        request.query.limit,
      );
      return { items: records.map(intentView) };
    },
  );

  app.get(
    '/api/payments/balances',
    { schema: { querystring: z.object({ owner: ForeignId.optional() }) } },
    async (request) => ({
      items: await accountBalances(deps.reader, await callerOf(request), request.query.owner),
    }),
  );

  app.get(
    '/api/payments/statements/:organizationId',
    {
      schema: {
        params: z.object({ organizationId: ForeignId }),
        querystring: z.object({ limit: Limit }),
      },
    },
    async (request) => {
      const caller = await callerOf(request);
      const { organizationId } = request.params;
      const lines = await organizationStatement(
        deps.reader,
        caller,
        organizationId,
        request.query.limit,
      );
      return { organizationId, lines };
    },
  );

  app.put(
    '/api/payments/routing/:organizationId',
    {
      schema: {
        params: z.object({ organizationId: ForeignId }),
        body: z.strictObject({ gateways: z.array(z.string().min(1).max(40)).min(1).max(10) }),
      },
    },
    async (request) => {
      if (paymentsScope(await callerOf(request), 'update') !== 'all') {
        throw new PaymentError('PAYMENTS_FORBIDDEN', { action: 'route' });
      }
      for (const name of request.body.gateways) deps.registry.get(name);
      await deps.store.unit((unit) =>
        unit.setRouting(request.params.organizationId, request.body.gateways),
      );
      return { organizationId: request.params.organizationId, gateways: request.body.gateways };
    },
  );
}
