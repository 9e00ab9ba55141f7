// Bus benchmark: `pnpm --filter @hcts/bus bench` (Kafka and Postgres from KAFKA_BROKERS and
// DATABASE_URL). Prints absolute rates and ratios against a peer measured in this process.
import { loadavg } from 'node:os';
import { idleLag } from './idle-lag.ts';
import { inboxVersusPlain } from './inbox-vs-plain.ts';
import { type RelayRound, ratioSummary, relayVersusRaw } from './relay-vs-raw.ts';
import { benchEnv, median } from './setup.ts';

const events = Number(process.env.BENCH_EVENTS ?? 20_000);
const messages = Number(process.env.BENCH_MESSAGES ?? 5_000);
const rounds = Number(process.env.BENCH_ROUNDS ?? 6);
const relayBatch = Number(process.env.BENCH_RELAY_BATCH ?? 2_000);

const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
const env = await benchEnv();
try {
  console.log(`load average at start: ${load()}`);
  printRelay(await relayVersusRaw(env, events, rounds, relayBatch));

  const inbox = await inboxVersusPlain(env, messages, rounds);
  console.log(
    `inbox   msg/s per round: ${inbox.withInbox.join(', ')} (median ${median(inbox.withInbox)})`,
  );
  console.log(
    `plain   msg/s per round: ${inbox.without.join(', ')} (median ${median(inbox.without)})`,
  );
  console.log(`inbox / plain: ${inbox.ratio.toFixed(2)}x (target >= 0.8x)`);

  const lag = await idleLag(env, 50);
  console.log(
    `idle commit-to-handler lag ms: p50 ${lag.p50}, p95 ${lag.p95}, max ${lag.max} (target < 100)`,
  );
  console.log(`load average at end: ${load()}`);
} finally {
  await env.close();
}

function printRelay(results: RelayRound[]) {
  const sides = [
    [`relay (passes of ${relayBatch})`, (r: RelayRound) => r.relay],
    ['raw (batches of 500)', (r: RelayRound) => r.raw],
    [`raw (batches of ${relayBatch})`, (r: RelayRound) => r.rawLarge],
  ] as const;
  for (const [name, side] of sides) {
    const rates = results.map((r) => side(r).rate);
    const cpu = median(results.map((r) => side(r).cpuPerMessage));
    console.log(`${name} msg/s per round: ${rates.join(', ')} (median ${median(rates)}),`);
    console.log(`  process CPU per message: median ${cpu} µs`);
  }
  const ratio = (of: (r: RelayRound) => number) => {
    const { median: m, low, high } = ratioSummary(results, of);
    return `median ${m.toFixed(2)}x, rounds ${low.toFixed(2)}x to ${high.toFixed(2)}x`;
  };
  console.log(`relay / raw 500: ${ratio((r) => r.relay.rate / r.raw.rate)} (target >= 0.8x)`);
  const likeForLike = ratio((r) => r.relay.rate / r.rawLarge.rate);
  console.log(`relay / raw ${relayBatch}: ${likeForLike} (like for like)`);
}
