import { type Kysely, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: kysely's database type is invariant
type AnyDb = Kysely<any>;

export interface StoredResponse {
  requestHash: string;
  statusCode: number;
  body: unknown;
}

/** First responses of mutating calls, by organization and Idempotency-Key. */
export function createIdempotencyStore(db: AnyDb) {
  return {
    async find(organizationId: string, key: string): Promise<StoredResponse | null> {
      const { rows } = await sql<{ request_hash: string; status_code: number; response: unknown }>`
        select request_hash, status_code, response from trading_idempotency
        where organization_id = ${organizationId} and idempotency_key = ${key}`.execute(db);
      const row = rows[0];
      return row
        ? { requestHash: row.request_hash, statusCode: row.status_code, body: row.response }
        : null;
    },
    /** Keeps the first response only; returns the one that is stored after the call. */
    async save(organizationId: string, key: string, response: StoredResponse) {
      await sql`
        insert into trading_idempotency (organization_id, idempotency_key, request_hash, status_code, response)
        values (${organizationId}, ${key}, ${response.requestHash}, ${response.statusCode},
                ${JSON.stringify(response.body)}::jsonb)
        on conflict do nothing`.execute(db);
      return (await this.find(organizationId, key)) ?? response;
    },
  };
}
export type IdempotencyStore = ReturnType<typeof createIdempotencyStore>;
