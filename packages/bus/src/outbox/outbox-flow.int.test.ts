import { uniqueName } from '@hcts/test-harness';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { useBusSuite } from '../bus-suite.test-support.ts';
import { readTopic } from '../kafka/read-topic.ts';
import {
  effects,
  eventsOf,
  eventually,
  probeEvent,
  recordEffect,
  testContext,
} from '../test-support.ts';
import { createOutbox } from './outbox.ts';
import { wakeupApplicationName } from './wakeup.ts';

describe('outbox, relay and inbox consumer', () => {
  const suite = useBusSuite('bus-flow');

  it('publishes an event committed with state and handles it once downstream', async () => {
    const topic = uniqueName('bus-flow');
    const group = uniqueName('bus-flow-group');
    const probe = probeEvent(topic);
    await suite.bus.ensureTopics([{ topic, partitions: 3 }]);
    const outbox = createOutbox({ source: 'hcts/bus-test' });

    const eventId = await suite.db.transaction().execute(async (trx) => {
      await sql`create table if not exists probe_state (key text primary key)`.execute(trx);
      await sql`insert into probe_state values ('k1')`.execute(trx);
      return outbox.add(trx, probe, { key: 'k1', seq: 0 }, testContext);
    });
    const relay = await suite.bus.startRelay({
      db: suite.db,
      listenUrl: suite.database.url,
      pollIntervalMs: 200,
    });
    await suite.bus.consumer({
      group,
      topics: [topic],
      db: suite.db,
      events: eventsOf(probe),
      handlers: {
        [probe.type]: async (envelope, { trx }) =>
          recordEffect(trx, group, envelope.id, probe.schema.parse(envelope.data)),
      },
    });

    await eventually(async () => (await effects(suite.db, group)).length > 0, 'the effect');
    expect(await effects(suite.db, group)).toEqual([
      { event_id: eventId, message_key: 'k1', seq: 0 },
    ]);
    const exposed = await suite.bus.metrics.registry.metrics();
    expect(exposed).toMatch(
      new RegExp(`hcts_bus_consumer_lag\\{group="${group}",topic="${topic}",partition="\\d"\\} 0`),
    );
    expect(exposed).toMatch(/hcts_bus_relay_published_total [1-9]/);
    expect(exposed).toMatch(/hcts_bus_relay_lag_seconds \d/);
    await relay.stop();
  });

  it('listens again after its notification connection is lost, without waiting to poll', async () => {
    const topic = uniqueName('bus-flow');
    const probe = probeEvent(topic);
    await suite.bus.ensureTopics([{ topic, partitions: 1 }]);
    const outbox = createOutbox({ source: 'hcts/bus-test' });
    // Polling alone would take a minute: only a notification can wake the relay in time.
    const relay = await suite.bus.startRelay({
      db: suite.db,
      listenUrl: suite.database.url,
      pollIntervalMs: 60_000,
    });

    const ended = await sql<{ ended: boolean }>`
      select pg_terminate_backend(pid) as ended from pg_stat_activity
      where application_name = ${wakeupApplicationName} and datname = current_database()
    `.execute(suite.db);
    expect(ended.rows.map((r) => r.ended)).toEqual([true]);
    await eventually(async () => {
      const { rows } = await sql<{ n: number }>`
        select count(*)::int as n from pg_stat_activity
        where application_name = ${wakeupApplicationName} and datname = current_database()
      `.execute(suite.db);
      return rows[0]?.n === 1;
    }, 'the relay listens again');
    await suite.db
      .transaction()
      .execute((trx) => outbox.add(trx, probe, { key: 'k', seq: 7 }, testContext));

    const [record] = await readTopic(suite.bus.kafka, topic, 1);
    await relay.stop();
    expect(record?.key?.toString()).toBe('k');
  });

  it('lets one relay lead while another stands by, and the standby take over', async () => {
    const probe = probeEvent(uniqueName('bus-flow'));
    await suite.bus.ensureTopics([{ topic: probe.topic, partitions: 1 }]);
    const outbox = createOutbox({ source: 'hcts/bus-test' });
    const stageOne = (seq: number) =>
      suite.db
        .transaction()
        .execute((trx) => outbox.add(trx, probe, { key: 'k', seq }, testContext));
    const count = async (query: ReturnType<typeof sql<{ n: number }>>) =>
      (await query.execute(suite.db)).rows[0]?.n;
    const leaders = sql<{ n: number }>`
      select count(*)::int as n from pg_locks l join pg_database d on d.oid = l.database
      where l.locktype = 'advisory' and l.granted and l.objsubid = 2 and l.classid = ${0x0b05}
        and l.objid = 0 and d.datname = current_database()
    `;
    const pending = sql<{ n: number }>`select count(*)::int as n from bus_outbox`;

    const first = await suite.bus.startRelay({ db: suite.db, pollIntervalMs: 50 });
    await eventually(async () => (await count(leaders)) === 1, 'a leader');
    const second = await suite.bus.startRelay({ db: suite.db, pollIntervalMs: 50 });
    await stageOne(0);
    await eventually(async () => (await count(pending)) === 0, 'the first event sent');
    expect(await count(leaders)).toBe(1);

    await first.stop();
    await stageOne(1);
    await eventually(async () => (await count(pending)) === 0, 'the second event sent');
    expect(await count(leaders)).toBe(1);
    await second.stop();
    expect(await count(leaders)).toBe(0);
  });

  it('refuses to stage data that breaks the schema, and nothing is written', async () => {
    const probe = probeEvent(uniqueName('bus-flow'));
    const outbox = createOutbox({ source: 'hcts/bus-test' });
    const before = await sql<{ n: string }>`select count(*) as n from bus_outbox`.execute(suite.db);

    const staging = suite.db
      .transaction()
      .execute((trx) => outbox.add(trx, probe, { key: '', seq: -1 }, testContext));

    await expect(staging).rejects.toMatchObject({ code: 'BUS_EVENT_DATA_INVALID' });
    const after = await sql<{ n: string }>`select count(*) as n from bus_outbox`.execute(suite.db);
    expect(after.rows[0]?.n).toBe(before.rows[0]?.n);
  });
});
