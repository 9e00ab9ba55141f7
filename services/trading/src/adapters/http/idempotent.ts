import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Caller } from '../../app/caller.ts';
import type { KeptResponse } from '../../app/ports.ts';
import { TradingError } from '../../domain/errors.ts';
import type { IdempotencyStore, KeyRecord } from '../postgres/postgres-idempotency.ts';

export const idempotencyHeader = 'idempotency-key';
const keyPattern = /^[A-Za-z0-9._:-]{8,100}$/;

export interface Handled {
  statusCode: number;
  body: unknown;
}

/** What a keyed call learns of its key: the command id, and how to keep its response. */
export interface KeyedCall {
  commandId: string;
  keep: (handled: Handled) => KeptResponse;
}

/** A command's answer, and whether its response was kept with its effect (it appended). */
export interface KeyedOutcome {
  handled: Handled;
  kept: boolean;
}

/**
 * Runs a purchase command once per (organization, Idempotency-Key), claiming nothing first:
 * the command keeps its response in the statement that appends its events, so the key and the
 * effect commit together. A copy that comes second (its own append fails on the key, or its
 * command was already applied) replays the first response; the same key with another body is
 * a conflict. A call that fails keeps nothing, so a retry runs it again.
 */
export async function idempotentCommand(
  store: IdempotencyStore,
  request: FastifyRequest,
  reply: FastifyReply,
  caller: Caller,
  run: (call: KeyedCall) => Promise<KeyedOutcome>,
): Promise<FastifyReply> {
  const { key, requestHash, commandId } = keyOf(request, caller);
  const organizationId = caller.organizationId;
  const keep = (handled: Handled) => ({ organizationId, key, requestHash, ...handled });

  let outcome: KeyedOutcome;
  try {
    outcome = await run({ commandId, keep });
  } catch (error) {
    // The key may hold another copy's response (that copy applied first): replay it instead.
    const first = await store.first(organizationId, key);
    if (!first) throw error;
    return replay(reply, first, requestHash);
  }
  if (outcome.kept || (await store.keep(keep(outcome.handled)))) {
    return reply.status(outcome.handled.statusCode).send(outcome.handled.body);
  }
  return replay(reply, await store.first(organizationId, key), requestHash);
}

function replay(reply: FastifyReply, first: KeyRecord | undefined, requestHash: string) {
  if (first && first.requestHash !== requestHash) throw new TradingError('idempotencyKeyReused');
  if (!first?.response) throw new TradingError('idempotencyKeyInFlight');
  reply.header('idempotent-replayed', 'true');
  return reply.status(first.response.statusCode).send(first.response.body);
}

/**
 * Runs a mutating call once per (organization, Idempotency-Key): a retry with the same body
 * gets the first response again; the same key with another body is a conflict. The key is
 * claimed before the call runs, so copies racing each other apply once.
 * Only successes are kept: an error (a lost race, a rule) may be retried and succeed.
 */
export async function idempotent(
  store: IdempotencyStore,
  request: FastifyRequest,
  reply: FastifyReply,
  caller: Caller,
  run: (commandId: string) => Promise<Handled>,
): Promise<FastifyReply> {
  const { key, requestHash, commandId } = keyOf(request, caller);

  // The key is claimed before the call runs (insert-first): concurrent copies wait for the
  // first response, and a copy with another body is a 409 even while the first still runs.
  const result = await store.once(caller.organizationId, key, requestHash, () => run(commandId));
  if (result.replayed) reply.header('idempotent-replayed', 'true');
  return reply.status(result.statusCode).send(result.body);
}

/** The key (checked), the request's hash, and the command id the key stands for. */
function keyOf(request: FastifyRequest, caller: Caller) {
  const key = request.headers[idempotencyHeader];
  if (typeof key !== 'string' || !keyPattern.test(key)) {
    throw new TradingError('idempotencyKeyMissing');
  }
  const requestHash = createHash('sha256')
    .update(
      `${request.method} ${request.routeOptions.url}\n${JSON.stringify(request.body ?? null)}`,
    )
    .digest('hex');
  const commandId = `idem-${createHash('sha256').update(`${caller.organizationId}\n${key}`).digest('hex').slice(0, 32)}`;
  return { key, requestHash, commandId };
}
