import type { Producer } from 'kafkajs';
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Logger } from 'pino';

interface Row {
  position: string;
  topic: string;
  key: string;
  headers: Record<string, string>;
  value: string;
}

/**
 * Publishes the outbox in order, a batch at a time, then marks the batch published. Delivery
 * is at least once: a crash after sending and before marking sends the batch again, and
 * consumers drop the repeat by event id (their inbox).
 * Known limit: one relay per database; two gateway instances would both publish (still at
 * least once, never lost). A `for update skip locked` claim would let several share the work.
 */
export function startOutboxRelay(db: Kysely<unknown>, producer: Producer, log: Logger) {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;

  const publishBatch = async (): Promise<number> => {
    const { rows } = await sql<Row>`
      select position, topic, key, headers, value from gateway_outbox
      where published_at is null order by position limit 100`.execute(db);
    if (rows.length === 0) return 0;

    for (const row of rows) {
      await producer.send({
        topic: row.topic,
        messages: [{ key: row.key, value: row.value, headers: row.headers }],
      });
    }
    const positions = rows.map((r) => r.position);
    await sql`update gateway_outbox set published_at = now()
              where position = any(${positions}::bigint[])`.execute(db);
    return rows.length;
  };

  const loop = async () => {
    if (stopped) return;
    try {
      const sent = await publishBatch();
      if (sent > 0) log.info({ 'outbox.published': sent }, 'outbox batch published');
      timer = setTimeout(loop, sent > 0 ? 0 : 500);
    } catch (error) {
      log.warn({ err: error }, 'outbox relay failed; retrying');
      timer = setTimeout(loop, 2_000);
    }
  };
  timer = setTimeout(loop, 0);

  return {
    publishBatch,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
