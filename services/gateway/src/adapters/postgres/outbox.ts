import { createOutbox } from '@hcts/bus';
import type { Actor, EventDefinition } from '@hcts/contracts';
import type { Kysely, Transaction } from 'kysely';
import type { z } from 'zod';

export interface EventContext {
  actor: Actor;
  correlationId?: string | undefined;
}

const outbox = createOutbox({ source: 'hcts/gateway' });

/**
 * Stages one identity event in the bus's outbox, validated against its contract; the bus's
 * relay publishes it. Pass the transaction that changes the state when there is one.
 * Known limit: Better Auth's own writes (organization and member rows) commit in Better Auth's
 * transaction, before its after-hooks stage here, so a crash between the two loses the event;
 * staging from a Better Auth database hook inside its transaction would lift it.
 */
export async function enqueueEvent<TSchema extends z.ZodType>(
  db: Kysely<unknown> | Transaction<unknown>,
  event: EventDefinition<string, TSchema>,
  data: z.input<TSchema>,
  context: EventContext,
): Promise<string> {
  const publishContext = {
    actor: context.actor,
    correlationId: context.correlationId ?? crypto.randomUUID(),
    causationId: null,
  };
  if (db.isTransaction) return outbox.add(db as Transaction<unknown>, event, data, publishContext);
  return db.transaction().execute((trx) => outbox.add(trx, event, data, publishContext));
}
