import { createOutbox } from '../src/outbox/outbox.ts';
import { eventsOf, probeEvent, recordEffect, testContext } from '../src/test-support.ts';
import { type BenchEnv, median, percentile, unique } from './setup.ts';

/**
 * Idle lag: single events committed one at a time, 100 ms apart, with the relay (LISTEN) and
 * an inbox consumer running; the lag is from the writer's commit to the handler's call.
 */
export async function idleLag(env: BenchEnv, samples: number) {
  const topic = unique('bench-lag');
  const probe = probeEvent(topic);
  await env.bus.ensureTopics([{ topic, partitions: 3 }]);
  const outbox = createOutbox({ source: 'hcts/bus-bench' });
  const committedAt = new Map<string, number>();
  const lags: number[] = [];
  const group = unique('bench-lag');
  const all = Promise.withResolvers<void>();

  const relay = await env.bus.startRelay({ db: env.db, listenUrl: env.url, pollIntervalMs: 1_000 });
  const consumer = await env.bus.consumer({
    group,
    topics: [topic],
    db: env.db,
    events: eventsOf(probe),
    fromBeginning: true,
    handlers: {
      [probe.type]: async (envelope, { trx }) => {
        lags.push(Date.now() - (committedAt.get(envelope.id) ?? Date.now()));
        await recordEffect(trx, group, envelope.id, probe.schema.parse(envelope.data));
        if (lags.length === samples + 1) all.resolve();
      },
    },
  });

  // A first event warms the path up (group join, metadata); it is not counted.
  const warm = await env.db
    .transaction()
    .execute((trx) => outbox.add(trx, probe, { key: 'warm', seq: 0 }, testContext));
  committedAt.set(warm, Date.now());
  for (let i = 1; i <= samples; i++) {
    const id = await env.db
      .transaction()
      .execute((trx) => outbox.add(trx, probe, { key: `key-${i % 7}`, seq: i }, testContext));
    committedAt.set(id, Date.now());
    await new Promise((r) => setTimeout(r, 100));
  }
  await all.promise;
  await consumer.stop();
  await relay.stop();

  const counted = lags.slice(1);
  return { p50: median(counted), p95: percentile(counted, 95), max: Math.max(...counted) };
}
