// Bus benchmark: `pnpm --filter @hcts/bus bench` (Kafka and Postgres from KAFKA_BROKERS and
// DATABASE_URL). Prints absolute rates and ratios against a peer measured in this process.
import { idleLag } from './idle-lag.ts';
import { inboxVersusPlain } from './inbox-vs-plain.ts';
import { relayVersusRaw } from './relay-vs-raw.ts';
import { benchEnv, median } from './setup.ts';

const events = Number(process.env.BENCH_EVENTS ?? 20_000);
const messages = Number(process.env.BENCH_MESSAGES ?? 5_000);
const rounds = Number(process.env.BENCH_ROUNDS ?? 4);

const env = await benchEnv();
try {
  const relay = await relayVersusRaw(env, events, rounds);
  console.log(
    `relay   msg/s per round: ${relay.relayRates.join(', ')} (median ${median(relay.relayRates)})`,
  );
  console.log(
    `raw     msg/s per round: ${relay.rawRates.join(', ')} (median ${median(relay.rawRates)})`,
  );
  console.log(`relay / raw: ${relay.ratio.toFixed(2)}x (target >= 0.8x)`);

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
} finally {
  await env.close();
}
