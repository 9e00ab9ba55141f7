import { uniqueName } from '@hcts/test-harness';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { useBusSuite } from '../bus-suite.test-support.ts';
import type { AnyDatabase } from '../db.ts';
import { eventsOf, eventually, probeEvent, recordEffect, testContext } from '../test-support.ts';
import { createOutbox, stage } from './outbox.ts';

describe('order per key', () => {
  const suite = useBusSuite('bus-order', { poolSize: 12 });
  const outbox = createOutbox({ source: 'hcts/bus-test' });

  const outboxIdOf = async (eventId: string) => {
    const { rows } = await sql<{ id: string }>`
      select id from bus_outbox where event_id = ${eventId}
    `.execute(suite.db);
    return BigInt(rows[0]?.id ?? -1);
  };

  it('makes a second writer of a key wait for the first, so ids follow commit order', async () => {
    const probe = probeEvent(uniqueName('bus-order'));
    const key = uniqueName('k');
    const first = await suite.db.startTransaction().execute();
    const firstId = await outbox.add(first, probe, { key, seq: 1 }, testContext);

    const second = suite.db
      .transaction()
      .execute((trx) => outbox.add(trx, probe, { key, seq: 2 }, testContext));
    await eventually(async () => {
      const { rows } = await sql<{ n: number }>`
        select count(*)::int as n from pg_locks l join pg_database d on d.oid = l.database
        where l.locktype = 'advisory' and not l.granted and d.datname = current_database()
      `.execute(suite.db);
      return rows[0]?.n === 1;
    }, 'the second writer waiting');
    const other = await suite.db
      .transaction()
      .execute((trx) => outbox.add(trx, probe, { key: uniqueName('other'), seq: 1 }, testContext));
    await first.commit().execute();
    const secondId = await second;

    expect(await outboxIdOf(firstId)).toBeLessThan(await outboxIdOf(secondId));
    expect(await outboxIdOf(other)).toBeLessThan(await outboxIdOf(secondId));
  });

  it('carries 10,000 events over 500 keys in order per key, none lost, none doubled', async () => {
    const topic = uniqueName('bus-order');
    const group = uniqueName('bus-order-group');
    const probe = probeEvent(topic);
    const keys = Array.from({ length: 500 }, (_, i) => `${uniqueName('key')}-${i}`);
    await suite.bus.ensureTopics([{ topic, partitions: 6 }]);
    await sql`create table counter (key text primary key, n integer not null)`.execute(suite.db);
    await sql`insert into counter select unnest(${keys}::text[]), 0`.execute(suite.db);

    let relay = await suite.bus.startRelay({
      db: suite.db,
      listenUrl: suite.database.url,
      pollIntervalMs: 100,
    });
    await suite.bus.consumer({
      group,
      topics: [topic],
      db: suite.db,
      events: eventsOf(probe),
      partitionsConcurrently: 3,
      handlers: {
        [probe.type]: (envelope, { trx }) =>
          recordEffect(trx, group, envelope.id, probe.schema.parse(envelope.data)),
      },
    });

    // The relay restarts halfway, while the first half is still on its way.
    const staged = await stageConcurrently(suite.db, probe, keys, 5_000, 8);
    await relay.stop();
    relay = await suite.bus.startRelay({
      db: suite.db,
      listenUrl: suite.database.url,
      pollIntervalMs: 100,
    });
    staged.push(...(await stageConcurrently(suite.db, probe, keys, 5_000, 8)));
    await eventually(
      async () => (await handledCount(suite.db, group)) >= 10_000,
      'all effects',
      150_000,
    );
    await relay.stop();

    const { rows } = await sql<{ event_id: string }>`
      select event_id from probe_effect where consumer_group = ${group} order by event_id
    `.execute(suite.db);
    expect(rows.length).toBe(10_000);
    expect(rows.map((r) => r.event_id)).toEqual(staged.sort());
    const outOfOrder = await sql<{ n: number }>`
      select count(*)::int as n from (
        select seq, lag(seq) over (partition by message_key order by id) as prev
        from probe_effect where consumer_group = ${group}
      ) s where seq <> coalesce(prev, 0) + 1
    `.execute(suite.db);
    expect(outOfOrder.rows[0]?.n).toBe(0);
  }, 240_000);

  async function handledCount(db: AnyDatabase, group: string) {
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from probe_effect where consumer_group = ${group}
    `.execute(db);
    return rows[0]?.n ?? 0;
  }

  /**
   * Writers in parallel, each transaction taking 1 to 3 sequence numbers of a random key from
   * its counter row and staging that many events with them.
   */
  async function stageConcurrently(
    db: AnyDatabase,
    probe: ReturnType<typeof probeEvent>,
    keys: string[],
    total: number,
    writers: number,
  ): Promise<string[]> {
    const ids: string[] = [];
    let left = total;
    const writer = async () => {
      while (left > 0) {
        const count = Math.min(left, 1 + Math.floor(Math.random() * 3));
        left -= count;
        const key = keys[Math.floor(Math.random() * keys.length)] as string;
        const staged = await db.transaction().execute(async (trx) => {
          const { rows } = await sql<{ n: number }>`
            update counter set n = n + ${count} where key = ${key} returning n
          `.execute(trx);
          const last = rows[0]?.n ?? 0;
          const events = Array.from({ length: count }, (_, i) =>
            stage(probe, { key, seq: last - count + 1 + i }, testContext),
          );
          return outbox.addAll(trx, events);
        });
        ids.push(...staged);
      }
    };
    await Promise.all(Array.from({ length: writers }, writer));
    return ids;
  }
});
