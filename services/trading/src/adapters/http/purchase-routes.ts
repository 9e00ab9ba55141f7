import { EntityId, ForeignId, MinorUnits } from '@hcts/contracts';
import { correlationHeader, type ServiceApp } from '@hcts/kit';
import { currentTraceHeaders } from '@hcts/kit/telemetry';
import type { FastifyRequest } from 'fastify';
import { uuidv7 } from 'uuidv7';
import { z } from 'zod';
import { actorOf, type Caller } from '../../app/caller.ts';
import type { KeptResponse } from '../../app/ports.ts';
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
import {
  type Handled,
  idempotentCommand,
  type KeyedCall,
  type KeyedOutcome,
} from './idempotent.ts';
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
    run: (caller: Caller, body: B, call: Command) => Promise<CommandOutcome>,
  ) => {
    const ok = path.endsWith('/quote') ? 201 : 200;
    const schema = {
      body,
      headers: IdempotencyKeyHeader,
      response: { [ok]: TransactionViewSchema },
    };
    return app.post(path, { schema }, async (request, reply) => {
      const caller = await callerOf(request);
      return idempotentCommand(keys, request, reply, caller, async (call) => {
        const context = contextOf(request, caller);
        const command = { ...commandOf(call, ok), context };
        return keptOutcome(await run(caller, request.body as B, command), ok);
      });
    });
  };

  mutate('/api/purchase/quote', QuoteBody, async (caller, body, command) => {
    const items = body.items ?? (await deps.carts.items(caller.organizationId));
    return quotePurchase(deps, {
      caller,
      items: items.map((i) => ({ serviceId: i.serviceId, quantity: i.quantity })),
      buyerOrganizationId: body.buyerOrganizationId,
      ...command,
    });
  });

  mutate('/api/purchase/initiate', TargetBody, (caller, body, command) =>
    initiatePurchase(deps, { caller, ...body, ...command }),
  );

  mutate('/api/purchase/complete', TargetBody, (caller, body, command) =>
    completePurchase(deps, { caller, ...body, ...command }),
  );

  mutate('/api/purchase/cancel', CancelBody, (caller, body, command) =>
    cancelPurchase(deps, { caller, ...body, ...command }),
  );

  mutate('/api/purchase/refund', RefundBody, (caller, body, command) =>
    refundPurchase(deps, { caller, ...body, refundId: uuidv7(), ...command }),
  );
}

/** What every purchase command gets from its key: its id, and the response to keep. */
interface Command {
  commandId: string;
  context: EventContext;
  keep: (outcome: CommandOutcome) => KeptResponse;
}

function commandOf(call: KeyedCall, statusCode: number): Omit<Command, 'context'> {
  return {
    commandId: call.commandId,
    keep: (outcome) => call.keep(viewOf(outcome, statusCode)),
  };
}

/** An outcome that appended kept its response in the same statement. */
function keptOutcome(outcome: CommandOutcome, statusCode: number): KeyedOutcome {
  return { handled: viewOf(outcome, statusCode), kept: outcome.appended > 0 };
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
