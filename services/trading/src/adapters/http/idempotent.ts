import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Caller } from '../../app/caller.ts';
import { TradingError } from '../../domain/errors.ts';
import type { IdempotencyStore } from '../postgres/postgres-idempotency.ts';

export const idempotencyHeader = 'idempotency-key';
const keyPattern = /^[A-Za-z0-9._:-]{8,100}$/;

export interface Handled {
  statusCode: number;
  body: unknown;
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
  const key = request.headers[idempotencyHeader];
  if (typeof key !== 'string' || !keyPattern.test(key)) {
    throw new TradingError('idempotencyKeyMissing');
  }
  const requestHash = createHash('sha256')
    .update(
      `${request.method} ${request.routeOptions.url}\n${JSON.stringify(request.body ?? null)}`,
    )
    .digest('hex');

  // The key is claimed before the call runs (insert-first): concurrent copies wait for the
  // first response, and a copy with another body is a 409 even while the first still runs.
  const commandId = `idem-${createHash('sha256').update(`${caller.organizationId}\n${key}`).digest('hex').slice(0, 32)}`;
  const result = await store.once(caller.organizationId, key, requestHash, () => run(commandId));
  if (result.replayed) reply.header('idempotent-replayed', 'true');
  return reply.status(result.statusCode).send(result.body);
}
