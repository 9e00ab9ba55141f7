import type { Actor, EventDefinition } from '@hcts/contracts';
import { toKafkaHeaders } from '@hcts/contracts';
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { uuidv7 } from 'uuidv7';
import type { z } from 'zod';

export interface EventContext {
  actor: Actor;
  correlationId?: string | undefined;
  traceparent?: string | undefined;
}

/**
 * Writes one identity event to the outbox, validated against its contract; the relay publishes
 * it. Pass the transaction that changes the state when there is one.
 * Known limit: Better Auth's own writes (organization and member rows) commit in Better Auth's
 * transaction, before its after-hooks enqueue here, so a crash between the two loses the event;
 * moving the enqueue into a Better Auth database hook inside its transaction would lift it.
 */
export async function enqueueEvent<TSchema extends z.ZodType>(
  db: Kysely<unknown>,
  event: EventDefinition<string, TSchema>,
  data: z.infer<TSchema>,
  context: EventContext,
): Promise<string> {
  const id = uuidv7();
  const valid = event.schema.parse(data);
  const headers = toKafkaHeaders({
    id,
    source: 'hcts/gateway',
    type: event.type,
    specversion: '1.0',
    time: new Date().toISOString(),
    subject: event.subjectOf(valid),
    datacontenttype: 'application/json',
    correlationid: context.correlationId ?? id,
    causationid: null,
    actor: context.actor,
    traceparent: context.traceparent ?? null,
    tracestate: null,
  });

  await sql`
    insert into gateway_outbox (id, topic, key, headers, value)
    values (${id}, ${event.topic}, ${event.subjectOf(valid)}, ${JSON.stringify(headers)},
            ${JSON.stringify(valid)})`.execute(db);
  return id;
}
