import { EntityId, ForeignId, MinorUnits } from '@hcts/contracts';
import { correlationHeader, type ServiceApp } from '@hcts/kit';
import { currentTraceHeaders } from '@hcts/kit/telemetry';
import type { FastifyRequest } from 'fastify';
import { uuidv7 } from 'uuidv7';
import { z } from 'zod';
import { actorOf, type Caller } from '../../app/caller.ts';
import {
  cancelPurchase,
  completePurchase,
  initiatePurchase,
  refundPurchase,
} from '../../app/purchase-commands.ts';
import { quotePurchase } from '../../app/quote-purchase.ts';
import type { CommandOutcome } from '../../app/run-command.ts';
import type { EventContext } from '../../app/stream-events.ts';
import type { TradingApp } from '../../app/trading-app.ts';
import type { KnownTransaction } from '../../domain/state.ts';
import type { IdempotencyStore } from '../postgres/postgres-idempotency.ts';
import type { IdentifyCaller } from './caller.ts';
import { type Handled, idempotent } from './idempotent.ts';
import { IdempotencyKeyHeader, TransactionViewSchema } from './response-schemas.ts';
import { transactionView } from './transaction-view.ts';

const Item = z.strictObject({ serviceId: EntityId, quantity: z.int().min(1).max(10_000) });
const QuoteBody = z.strictObject({
  /** The lines to price; the caller's cart when absent. */
  items: z.array(Item).min(1).max(100).optional(),
  /** The insurer an intermediary buys for. */
  buyerOrganizationId: ForeignId.optional(),
});
const Target = {
  transactionId: EntityId,
  /** The version the caller saw: another version is a 409 instead of a decision on new state. */
  expectedVersion: z.int().min(1).optional(),
};
const Reason = z.string().min(1).max(500);
const TargetBody = z.strictObject(Target);
const CancelBody = z.strictObject({ ...Target, reason: Reason });
const RefundBody = z.strictObject({ ...Target, amountMinor: MinorUnits.min(1), reason: Reason });

export function purchaseRoutes(
  app: ServiceApp,
  deps: TradingApp,
  keys: IdempotencyStore,
  callerOf: IdentifyCaller,
): void {
  const mutate = <B>(
    path: string,
    body: z.ZodType<B>,
    run: (caller: Caller, body: B, commandId: string, context: EventContext) => Promise<Handled>,
  ) => {
    const ok = path.endsWith('/quote') ? 201 : 200;
    const schema = {
      body,
      headers: IdempotencyKeyHeader,
      response: { [ok]: TransactionViewSchema },
    };
    return app.post(path, { schema }, async (request, reply) => {
      const caller = await callerOf(request);
      return idempotent(keys, request, reply, caller, (commandId) =>
        run(caller, request.body as B, commandId, contextOf(request, caller)),
      );
    });
  };

  mutate('/api/purchase/quote', QuoteBody, async (caller, body, commandId, context) => {
    const items = body.items ?? (await deps.carts.items(caller.organizationId));
    const outcome = await quotePurchase(deps, {
      caller,
      items: items.map((i) => ({ serviceId: i.serviceId, quantity: i.quantity })),
      buyerOrganizationId: body.buyerOrganizationId,
      commandId,
      context,
    });
    return viewOf(outcome, 201);
  });

  mutate('/api/purchase/initiate', TargetBody, async (caller, body, commandId, context) =>
    viewOf(await initiatePurchase(deps, { caller, ...body, commandId, context })),
  );

  mutate('/api/purchase/complete', TargetBody, async (caller, body, commandId, context) =>
    viewOf(await completePurchase(deps, { caller, ...body, commandId, context })),
  );

  mutate('/api/purchase/cancel', CancelBody, async (caller, body, commandId, context) =>
    viewOf(await cancelPurchase(deps, { caller, ...body, commandId, context })),
  );

  mutate('/api/purchase/refund', RefundBody, async (caller, body, commandId, context) => {
    const input = { caller, ...body, refundId: uuidv7(), commandId, context };
    return viewOf(await refundPurchase(deps, input));
  });
}

function viewOf(outcome: CommandOutcome, statusCode = 200): Handled {
  return {
    statusCode,
    body: transactionView(outcome.state as KnownTransaction, outcome.version),
  };
}

/**
 * Kit has already replaced a correlation id it would not echo; events carry the same one, so
 * a header the envelope contract refuses never reaches the bus (logged when replaced).
 */
function contextOf(request: FastifyRequest, caller: Caller): EventContext {
  const sent = request.headers[correlationHeader];
  if (sent !== undefined && sent !== request.correlationId) {
    request.log.warn({ correlationId: request.correlationId }, 'correlation id replaced');
  }
  return {
    correlationId: request.correlationId || String(request.id),
    causationId: null,
    actor: actorOf(caller),
    traceparent: traceparentOf(request),
  };
}

const traceparentShape = /^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;

/**
 * The trace the events continue: with telemetry on, the request's own span (so consumers'
 * spans hang under trading's); without it, the caller's header when it is one valid value.
 */
function traceparentOf(request: FastifyRequest): string | null {
  const active = currentTraceHeaders().traceparent;
  if (active) return active;
  const sent = request.headers.traceparent;
  return typeof sent === 'string' && traceparentShape.test(sent) ? sent : null;
}
