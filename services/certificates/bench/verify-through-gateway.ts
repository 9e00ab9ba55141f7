// Verify through the gateway: `pnpm --filter @hcts/service-certificates bench:verify-gateway`
// (Postgres, Kafka and Redis from DATABASE_URL, KAFKA_BROKERS and REDIS_URL). Starts the
// gateway and the certificates service as processes, then drives
// GET /api/certificates/verify/{code} through the gateway and, as the peer, straight at the
// service, legs interleaved round by round. Absolute rates, latencies and the ratio.
import { loadavg } from 'node:os';
import { closedLoop, type LoadResult, loopbackAddresses } from './closed-loop.ts';
import { raisedLimits, startVerifyPlatform } from './gateway-platform.ts';
import { median } from './setup.ts';

const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 32);
const certificates = Number(process.env.BENCH_CERTIFICATES ?? 200);
// Under the gateway's fixed 60 a minute per address on this route.
const perAddress = 50;

const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
const describe = (r: LoadResult) =>
  `${String(r.rate).padStart(5)} req/s  p50 ${r.p50Ms.toFixed(2)} ms  p99 ${r.p99Ms.toFixed(2)} ms` +
  `  (${r.requests} requests, failures ${JSON.stringify(r.failures)})`;

console.log(`load average before start: ${load()}`);
console.log(`raised limits: ${JSON.stringify(raisedLimits)}`);
const platform = await startVerifyPlatform(certificates);
const nextAddress = loopbackAddresses();
const paths = platform.codes.map((code) => `/api/certificates/verify/${code}`);
const legs = { gateway: [] as LoadResult[], direct: [] as LoadResult[] };
const run = (origin: string, secs: number) =>
  closedLoop({ origin, paths, connections, seconds: secs, perAddress, nextAddress });

try {
  // Warm-up of both paths (JIT, connection pools, caches); not counted.
  await run(platform.gatewayUrl, 2);
  await run(platform.certificatesUrl, 2);
  console.log(`${connections} connections, ${seconds} s per leg, ${rounds} rounds`);

  for (let r = 0; r < rounds; r += 1) {
    // The order alternates so that neither leg always runs on a warmer or quieter machine.
    const order = r % 2 === 0 ? (['gateway', 'direct'] as const) : (['direct', 'gateway'] as const);
    for (const leg of order) {
      const origin = leg === 'gateway' ? platform.gatewayUrl : platform.certificatesUrl;
      const result = await run(origin, seconds);
      legs[leg].push(result);
      console.log(`round ${r + 1} ${leg.padEnd(7)} ${describe(result)}  load ${load()}`);
    }
  }
} finally {
  await platform.stop();
}

const rates = (list: LoadResult[]) => list.map((l) => l.rate);
const gateway = median(rates(legs.gateway));
const direct = median(rates(legs.direct));
const p99 = (list: LoadResult[]) => median(list.map((l) => l.p99Ms)).toFixed(2);
const p50 = (list: LoadResult[]) => median(list.map((l) => l.p50Ms)).toFixed(2);
console.log(
  `through gateway: median ${gateway} req/s, p50 ${p50(legs.gateway)} ms, p99 ${p99(legs.gateway)} ms`,
);
console.log(
  `direct:          median ${direct} req/s, p50 ${p50(legs.direct)} ms, p99 ${p99(legs.direct)} ms`,
);
console.log(`gateway / direct: ${(gateway / direct).toFixed(3)}x`);
// A leg with any answer other than a 200 `valid` (a 429 above all) measured something else.
const failed = [...legs.gateway, ...legs.direct].some((l) => Object.keys(l.failures).length > 0);
if (failed) {
  console.log('INVALID: some answers were not 200 valid (see failures above)');
  process.exitCode = 1;
}
const met = gateway >= 1000 && !failed;
console.log(`verify target 1000 req/s through the gateway: ${met ? 'met' : 'NOT met'}`);
console.log(`load average after stop: ${load()}`);
