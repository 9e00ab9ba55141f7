import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { buildMessage } from '../src/envelope.ts';
import type { OutgoingRecord } from '../src/kafka/types.ts';
import { createOutbox, stage } from '../src/outbox/outbox.ts';
import { probeEvent, testContext } from '../src/test-support.ts';
import { type BenchEnv, brokers, median, rate, unique } from './setup.ts';

const batch = 500;

/**
 * The relay (per pass: take 500 rows, one produce from its producer thread, commit; takes run
 * up to two passes ahead) against a raw idempotent kafkajs producer sending the same
 * 500-message batches to the same topic, interleaved. The relay is timed from its start to the last
 * event acknowledged and marked.
 */
export async function relayVersusRaw(env: BenchEnv, events: number, rounds: number) {
  const topic = unique('bench-relay');
  const probe = probeEvent(topic);
  await env.bus.ensureTopics([{ topic, partitions: 6 }]);
  const raw = await rawProducer();
  const relayRates: number[] = [];
  const rawRates: number[] = [];

  // Warm-up, not counted: one batch each way. The relay's producer thread starts and connects
  // here, as the raw producer connected above, and both sides' code gets compiled.
  await stageEvents(env, probe, batch);
  await timeRelay(env, batch);
  await timeRaw(raw, recordsOf(probe, batch));

  // Rounds alternate which one goes first, so neither always runs right after the staging.
  for (let round = 0; round < rounds; round++) {
    await stageEvents(env, probe, events);
    const records = recordsOf(probe, events);
    const runRelay = async () => relayRates.push(await timeRelay(env, events));
    const runRaw = async () => rawRates.push(await timeRaw(raw, records));
    if (round % 2 === 0) {
      await runRelay();
      await runRaw();
    } else {
      await runRaw();
      await runRelay();
    }
  }

  await raw.disconnect();
  return { relayRates, rawRates, ratio: median(relayRates) / median(rawRates) };
}

async function timeRelay(env: BenchEnv, events: number): Promise<number> {
  const before = await published(env);
  const started = performance.now();
  const relay = await env.bus.startRelay({ db: env.db, batchSize: batch });
  while ((await published(env)) < before + events) await new Promise((r) => setTimeout(r, 2));
  const elapsed = performance.now() - started;
  await relay.stop();
  return rate(events, elapsed);
}

async function timeRaw(raw: Awaited<ReturnType<typeof rawProducer>>, records: OutgoingRecord[]) {
  const started = performance.now();
  for (let i = 0; i < records.length; i += batch) await raw.send(records.slice(i, i + batch));
  return rate(records.length, performance.now() - started);
}

function recordsOf(probe: ReturnType<typeof probeEvent>, n: number) {
  return Array.from({ length: n }, (_, i) =>
    buildMessage(probe, { key: `key-${i % 500}`, seq: i }, testContext, 'hcts/bus-bench'),
  );
}

async function stageEvents(env: BenchEnv, probe: ReturnType<typeof probeEvent>, n: number) {
  const outbox = createOutbox({ source: 'hcts/bus-bench' });
  for (let i = 0; i < n; i += batch) {
    const events = Array.from({ length: Math.min(batch, n - i) }, (_, j) =>
      stage(probe, { key: `key-${(i + j) % 500}`, seq: i + j }, testContext),
    );
    await env.db.transaction().execute((trx) => outbox.addAll(trx, events));
  }
}

async function rawProducer() {
  const kafka = new Kafka({ brokers, clientId: unique('bench-raw'), logLevel: logLevel.NOTHING });
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await producer.connect();
  return {
    send: (records: OutgoingRecord[]) =>
      producer.send({
        topic: records[0]?.topic ?? '',
        acks: -1,
        messages: records.map((r) => ({ key: r.key, value: r.value, headers: r.headers })),
      }),
    disconnect: () => producer.disconnect(),
  };
}

async function published(env: BenchEnv): Promise<number> {
  const metric = await env.bus.metrics.relayPublished.get();
  return metric.values[0]?.value ?? 0;
}
