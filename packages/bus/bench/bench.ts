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
  const column = (of: (r: RelayRound) => number) => {
    const rates = results.map(of);
    return `${rates.join(', ')} (median ${median(rates)})`;
  };
  const ratio = (of: (r: RelayRound) => number) => {
    const { median: m, low, high } = ratioSummary(results, of);
    return `median ${m.toFixed(2)}x, rounds ${low.toFixed(2)}x to ${high.toFixed(2)}x`;
  };
  console.log(`relay (passes of ${relayBatch}) msg/s per round: ${column((r) => r.relay)}`);
  console.log(`raw (batches of 500) msg/s per round:   ${column((r) => r.raw)}`);
  console.log(`raw (batches of ${relayBatch}) msg/s per round:  ${column((r) => r.rawLarge)}`);
  console.log(`relay / raw 500: ${ratio((r) => r.relay / r.raw)} (target >= 0.8x)`);
  console.log(`relay / raw ${relayBatch}: ${ratio((r) => r.relay / r.rawLarge)} (like for like)`);
}
