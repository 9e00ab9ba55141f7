import type { EventDefinition } from '@hcts/contracts';
import { sql } from 'kysely';
import type { z } from 'zod';
import type { AnyTransaction } from '../db.ts';
import type { BuiltMessage, PublishContext } from '../envelope.ts';
import { buildMessage } from '../envelope.ts';
import { outboxChannel } from '../migrations.ts';

/** One event to stage, checked when made by `stage()`. */
export interface StagedEvent {
  definition: EventDefinition;
  data: unknown;
  context: PublishContext;
}

/** Pairs a definition with data of its schema's type, for `addAll`. */
export function stage<TType extends string, TSchema extends z.ZodType>(
  definition: EventDefinition<TType, TSchema>,
  data: z.input<TSchema>,
  context: PublishContext,
): StagedEvent {
  // The definition's data type is erased here; buildMessage validates data at run time.
  return { definition: definition as unknown as EventDefinition, data, context };
}

export interface Outbox {
  /** Stages one event in the caller's transaction; returns its event id. */
  add<TType extends string, TSchema extends z.ZodType>(
    trx: AnyTransaction,
    definition: EventDefinition<TType, TSchema>,
    data: z.input<TSchema>,
    context: PublishContext,
  ): Promise<string>;
  /** Stages several events in the caller's transaction, in the given order. */
  addAll(trx: AnyTransaction, events: readonly StagedEvent[]): Promise<string[]>;
}

// Advisory lock class for outbox keys (two-int form, so it never meets one-bigint locks).
const keyLockClass = 0x0b05;

/**
 * The transactional outbox: events are rows written in the same transaction as the state.
 *
 * Order per key: before inserting, the transaction takes a transaction-scoped advisory lock on
 * the message key. A second writer of the same key waits until the first commits, so it draws
 * its row id only after the first's rows are visible. Hence, per key, id order is commit order
 * and a relay reading by id can never see a later event of a key before an earlier one.
 * Rows of different keys may commit out of id order; the relay takes the lowest ids still in
 * the table (not a position), so a late commit is published on the next pass, never skipped.
 */
export function createOutbox(options: { source: string }): Outbox {
  const addAll = async (trx: AnyTransaction, events: readonly StagedEvent[]) => {
    if (events.length === 0) return [];
    const messages = events.map((e) =>
      buildMessage(e.definition, e.data, e.context, options.source),
    );

    await lockKeys(trx, messages);
    await insertRows(trx, messages);
    return messages.map((m) => m.eventId);
  };

  return {
    add: async (trx, definition, data, context) => {
      const [id] = await addAll(trx, [stage(definition, data, context)]);
      return id as string;
    },
    addAll,
  };
}

/**
 * Locks keys in sorted order, so two transactions staging the same keys cannot deadlock, and
 * asks Postgres to notify the relay at commit (one notification per transaction).
 */
async function lockKeys(trx: AnyTransaction, messages: readonly BuiltMessage[]) {
  const keys = [...new Set(messages.map((m) => m.key))].sort();
  await sql`
    select pg_notify(${outboxChannel}, ''), (
      select count(*) from (
        select pg_advisory_xact_lock(${keyLockClass}, hashtext(k)) from unnest(${keys}::text[]) k
      ) locked
    )
  `.execute(trx);
}

// Rows go in array order (a plain function scan), so ids follow the order the caller gave.
async function insertRows(trx: AnyTransaction, messages: readonly BuiltMessage[]) {
  await sql`
    insert into bus_outbox (event_id, event_type, topic, message_key, headers, payload)
    select * from unnest(
      ${messages.map((m) => m.eventId)}::uuid[],
      ${messages.map((m) => m.type)}::text[],
      ${messages.map((m) => m.topic)}::text[],
      ${messages.map((m) => m.key)}::text[],
      ${messages.map((m) => JSON.stringify(m.headers))}::json[],
      ${messages.map((m) => m.value as string)}::text[]
    )
  `.execute(trx);
}
