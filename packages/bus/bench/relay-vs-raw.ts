import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { buildMessage } from '../src/envelope.ts';
import type { OutgoingRecord } from '../src/kafka/types.ts';
import { createOutbox, stage } from '../src/outbox/outbox.ts';
import { relayPass } from '../src/outbox/relay.ts';
import { probeEvent, testContext } from '../src/test-support.ts';
import { type BenchEnv, brokers, median, rate, unique } from './setup.ts';

const batch = 500;

/**
 * The relay (read 500 rows, one produce, one mark, per transaction) against a raw idempotent
 * kafkajs producer sending the same 500-message batches to the same topic, interleaved.
 */
export async function relayVersusRaw(env: BenchEnv, events: number, rounds: number) {
  const topic = unique('bench-relay');
  const probe = probeEvent(topic);
  await env.bus.ensureTopics([{ topic, partitions: 6 }]);
  const raw = await rawProducer();
  const producer = await env.bus.kafka.producer();
  const relayRates: number[] = [];
  const rawRates: number[] = [];

  for (let round = 0; round < rounds; round++) {
    await stageEvents(env, probe, events);
    const relayStart = performance.now();
    const pass = () => relayPass({ db: env.db, producer, metrics: env.bus.metrics }, batch);
    let sent = 0;
    for (let n = await pass(); n > 0; n = await pass()) sent += n;
    relayRates.push(rate(sent, performance.now() - relayStart));

    const records = Array.from({ length: events }, (_, i) =>
      buildMessage(probe, { key: `key-${i % 500}`, seq: i }, testContext, 'hcts/bus-bench'),
    );
    const rawStart = performance.now();
    for (let i = 0; i < records.length; i += batch) {
      await raw.send(records.slice(i, i + batch));
    }
    rawRates.push(rate(events, performance.now() - rawStart));
  }

  await producer.disconnect();
  await raw.disconnect();
  return { relayRates, rawRates, ratio: median(relayRates) / median(rawRates) };
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
