import { buildMessage } from '../src/envelope.ts';
import { createKafkaClient } from '../src/kafka/kafkajs-client.ts';
import type { BusProducer, OutgoingRecord } from '../src/kafka/types.ts';
import { createOutbox, stage } from '../src/outbox/outbox.ts';
import type { Relay } from '../src/outbox/relay.ts';
import { probeEvent, quietLogger, testContext } from '../src/test-support.ts';
import { type BenchEnv, brokers, median, rate, unique } from './setup.ts';

/** The raw producer's batch, as in the figure (about 29k messages/s). */
const rawBatch = 500;

/** One side's run: messages per second, and this process's CPU time per message (µs). */
export interface SideRun {
  rate: number;
  cpuPerMessage: number;
}

/** Per round, each side's run; ratios are taken within a round. */
export interface RelayRound {
  relay: SideRun;
  raw: SideRun;
  /** The raw producer sending batches as large as the relay's passes (like for like). */
  rawLarge: SideRun;
}

/**
 * The relay (per pass: take up to its batch of rows, send them from its producer thread, commit;
 * takes run up to two passes ahead) against a raw idempotent producer sending the same events
 * to the same topic in 500-message batches, and in batches as large as the relay's passes.
 * Interleaved: each round runs the three in a rotated order, so none always follows the staging.
 * The raw producer is the kafkajs producer behind the bus's port (idempotent, one request in
 * flight, acks from all replicas, murmur2 keys), with nothing of the bus on its path.
 */
export async function relayVersusRaw(
  env: BenchEnv,
  events: number,
  rounds: number,
  relayBatch: number,
): Promise<RelayRound[]> {
  const topic = unique('bench-relay');
  const probe = probeEvent(topic);
  await env.bus.ensureTopics([{ topic, partitions: 6 }]);
  const kafka = createKafkaClient({ brokers, clientId: unique('bench-raw'), logger: quietLogger });
  const raw = await kafka.producer({ idempotent: true });

  // Warm-up, not counted: the relay's producer thread starts and connects here, as the raw
  // producer connected above, and every side's code gets compiled.
  await stageEvents(env, probe, relayBatch);
  await timeRelay(env, relayBatch, relayBatch);
  await timeRaw(raw, recordsOf(probe, relayBatch), relayBatch);

  const results: RelayRound[] = [];
  for (let round = 0; round < rounds; round++) {
    await stageEvents(env, probe, events);
    const records = recordsOf(probe, events);
    const result: Partial<RelayRound> = {};
    const sides = [
      async () => (result.relay = await timeRelay(env, events, relayBatch)),
      async () => (result.raw = await timeRaw(raw, records, rawBatch)),
      async () => (result.rawLarge = await timeRaw(raw, records, relayBatch)),
    ];
    for (let i = 0; i < sides.length; i++) await sides[(round + i) % sides.length]?.();
    results.push(result as RelayRound);
  }

  await raw.disconnect();
  return results;
}

/** Median of the per-round ratios, and their lowest and highest. */
export function ratioSummary(rounds: RelayRound[], of: (r: RelayRound) => number) {
  const ratios = rounds.map(of);
  return { median: median(ratios), low: Math.min(...ratios), high: Math.max(...ratios) };
}

/**
 * Times `work` on `count` messages. The CPU time is the whole process's (both threads of the
 * relay, and the bench's own polling); Postgres's and the broker's are not in it.
 */
async function measure(count: number, work: () => Promise<void>): Promise<SideRun> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  await work();
  const elapsed = performance.now() - started;
  const used = process.cpuUsage(cpu);
  return {
    rate: rate(count, elapsed),
    cpuPerMessage: Math.round((used.user + used.system) / count),
  };
}

/** From the relay's start to its last pass committed (stopping it is not timed). */
async function timeRelay(env: BenchEnv, events: number, batchSize: number): Promise<SideRun> {
  const before = await published(env);
  let relay: Relay | undefined;
  const run = await measure(events, async () => {
    relay = await env.bus.startRelay({ db: env.db, batchSize });
    while ((await published(env)) < before + events) await new Promise((r) => setTimeout(r, 2));
  });
  await relay?.stop();
  return run;
}

function timeRaw(raw: BusProducer, records: OutgoingRecord[], batch: number): Promise<SideRun> {
  return measure(records.length, async () => {
    for (let i = 0; i < records.length; i += batch) await raw.send(records.slice(i, i + batch));
  });
}

function recordsOf(probe: ReturnType<typeof probeEvent>, n: number) {
  return Array.from({ length: n }, (_, i) =>
    buildMessage(probe, { key: `key-${i % 500}`, seq: i }, testContext, 'hcts/bus-bench'),
  );
}

async function stageEvents(env: BenchEnv, probe: ReturnType<typeof probeEvent>, n: number) {
  const outbox = createOutbox({ source: 'hcts/bus-bench' });
  for (let i = 0; i < n; i += rawBatch) {
    const events = Array.from({ length: Math.min(rawBatch, n - i) }, (_, j) =>
      stage(probe, { key: `key-${(i + j) % 500}`, seq: i + j }, testContext),
    );
    await env.db.transaction().execute((trx) => outbox.addAll(trx, events));
  }
}

async function published(env: BenchEnv): Promise<number> {
  const metric = await env.bus.metrics.relayPublished.get();
  return metric.values[0]?.value ?? 0;
}
