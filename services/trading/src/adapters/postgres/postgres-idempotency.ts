import { setTimeout as sleep } from 'node:timers/promises';
import type { AlongsideWrite } from '@hcts/event-store';
import { type Kysely, sql } from 'kysely';
import type { KeptResponse } from '../../app/ports.ts';
import { TradingError } from '../../domain/errors.ts';

// biome-ignore lint/suspicious/noExplicitAny: kysely's database type is invariant
type AnyDb = Kysely<any>;

export interface StoredResponse {
  requestHash: string;
  statusCode: number;
  body: unknown;
}

export interface OnceResult {
  statusCode: number;
  body: unknown;
  /** True when this is the first call's stored response, not this call's own. */
  replayed: boolean;
}

export interface IdempotencyOptions {
  /** How long a copy waits for the first call with its key before a 409 (in flight). */
  waitMs?: number;
  pollMs?: number;
  /** A claim older than this without a response is taken to be abandoned (process died). */
  abandonedAfterSeconds?: number;
}

type Row = { request_hash: string; status_code: number | null; response: unknown };

/** What is stored under a key: the request's hash, and its response once there is one. */
export interface KeyRecord {
  requestHash: string;
  /** Null while a claimed call still runs (claims are the cart's: see `once`). */
  response: { statusCode: number; body: unknown } | null;
}

/**
 * The first response under its key, written in the statement that appends the call's events
 * (it reads `appended`): a copy that comes second fails on the primary key and applies nothing.
 */
export function keptResponseWrite(kept: KeptResponse): AlongsideWrite {
  return {
    name: 'trading_kept_response',
    text: `insert into trading_idempotency
      (organization_id, idempotency_key, request_hash, status_code, response)
    select $1::text, $2::text, $3::text, $4::integer, $5::jsonb
    from (select 1 from appended limit 1) as a`,
    values: [
      kept.organizationId,
      kept.key,
      kept.requestHash,
      kept.statusCode,
      JSON.stringify(kept.body),
    ],
  };
}

/**
 * First responses of mutating calls, by organization and Idempotency-Key. Purchase commands
 * keep theirs with their events (`keptResponseWrite`) and read it back with `first`. `once`,
 * for calls without events (adding to a cart), claims the key (a row without a response,
 * committed on its own) before the call runs: a concurrent copy finds the claim and waits for
 * the response, a copy with another body is refused at once, and a call that fails releases
 * its claim so that a retry may run it.
 */
export function createIdempotencyStore(db: AnyDb, options: IdempotencyOptions = {}) {
  const waitMs = options.waitMs ?? 10_000;
  const pollMs = options.pollMs ?? 20;
  const abandoned = options.abandonedAfterSeconds ?? 120;

  const find = async (organizationId: string, key: string): Promise<Row | undefined> => {
    const { rows } = await sql<Row>`
      select request_hash, status_code, response from trading_idempotency
      where organization_id = ${organizationId} and idempotency_key = ${key}`.execute(db);
    return rows[0];
  };

  /** Inserts the claim, or takes over an abandoned one of the same request; true when ours. */
  const claim = async (organizationId: string, key: string, requestHash: string) => {
    const { rows } = await sql`
      insert into trading_idempotency (organization_id, idempotency_key, request_hash)
      values (${organizationId}, ${key}, ${requestHash})
      on conflict (organization_id, idempotency_key) do update set created_at = now()
      where trading_idempotency.status_code is null
        and trading_idempotency.request_hash = excluded.request_hash
        and trading_idempotency.created_at < now() - make_interval(secs => ${abandoned})
      returning 1`.execute(db);
    return rows.length === 1;
  };

  const complete = (organizationId: string, key: string, handled: Omit<OnceResult, 'replayed'>) =>
    sql`
      update trading_idempotency
      set status_code = ${handled.statusCode}, response = ${JSON.stringify(handled.body)}::jsonb
      where organization_id = ${organizationId} and idempotency_key = ${key}`.execute(db);

  const release = (organizationId: string, key: string) =>
    sql`
      delete from trading_idempotency
      where organization_id = ${organizationId} and idempotency_key = ${key}
        and status_code is null`.execute(db);

  return {
    /** What the key holds, if anything. */
    async first(organizationId: string, key: string): Promise<KeyRecord | undefined> {
      const row = await find(organizationId, key);
      if (!row) return undefined;
      const response =
        row.status_code === null ? null : { statusCode: row.status_code, body: row.response };
      return { requestHash: row.request_hash, response };
    },

    /** Keeps a response of a call that appended nothing; false when the key holds one already. */
    async keep(kept: KeptResponse): Promise<boolean> {
      const { rows } = await sql`
        insert into trading_idempotency
          (organization_id, idempotency_key, request_hash, status_code, response)
        values (${kept.organizationId}, ${kept.key}, ${kept.requestHash}, ${kept.statusCode},
          ${JSON.stringify(kept.body)}::jsonb)
        on conflict (organization_id, idempotency_key) do nothing
        returning 1`.execute(db);
      return rows.length === 1;
    },

    /** Runs `run` once per key: the first caller runs it, copies get its stored response. */
    async once(
      organizationId: string,
      key: string,
      requestHash: string,
      run: () => Promise<Omit<OnceResult, 'replayed'>>,
    ): Promise<OnceResult> {
      const until = Date.now() + waitMs;
      for (;;) {
        if (await claim(organizationId, key, requestHash)) {
          return { ...(await runClaimed(organizationId, key, run)), replayed: false };
        }

        const row = await find(organizationId, key);
        if (row && row.request_hash !== requestHash) {
          throw new TradingError('idempotencyKeyReused');
        }
        if (row && row.status_code !== null) {
          return { statusCode: row.status_code, body: row.response, replayed: true };
        }
        if (Date.now() >= until) throw new TradingError('idempotencyKeyInFlight');
        await sleep(pollMs);
      }
    },
  };

  async function runClaimed(
    organizationId: string,
    key: string,
    run: () => Promise<Omit<OnceResult, 'replayed'>>,
  ) {
    let handled: Omit<OnceResult, 'replayed'>;
    try {
      handled = await run();
    } catch (error) {
      // Only successes are kept: an error (a rule, a lost race) may be retried and succeed.
      await release(organizationId, key);
      throw error;
    }
    await complete(organizationId, key, handled);
    return handled;
  }
}
export type IdempotencyStore = ReturnType<typeof createIdempotencyStore>;
