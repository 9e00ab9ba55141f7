// An authenticated call through the gateway against the same call made straight to the service,
// in one run, legs interleaved: a closed loop for throughput (and latency under load), then
// calls one at a time for the latency the gateway adds. Two routes: the echo stand-in (Fastify
// verifying the token, no I/O: the hardest case for a ratio) and a real one, the catalog's
// `GET /api/services/:id` (token checked with @hcts/auth, one Postgres read).
// Needs Postgres, Redis and the Kafka broker (DATABASE_URL, REDIS_URL, KAFKA_BROKERS).
// Run: node services/gateway/bench/gateway.bench.ts
// BENCH_CLIENTS (16), BENCH_SECONDS per leg (3), BENCH_ROUNDS (4), BENCH_SEQUENTIAL (500);
// BENCH_BASELINE_GATEWAY: another checkout's services/gateway/src/main.ts as one more leg.
import { loadavg } from 'node:os';
import type { Pool } from 'undici';
import { type BenchPlatform, startBenchPlatform } from './bench-platform.ts';
import {
  closedLoop,
  type LoadResult,
  poolFor,
  quantile,
  sequential,
  type Target,
} from './closed-loop.ts';

const clients = Number(process.env.BENCH_CLIENTS ?? 16);
const seconds = Number(process.env.BENCH_SECONDS ?? 3);
const rounds = Number(process.env.BENCH_ROUNDS ?? 4);
const oneByOne = Number(process.env.BENCH_SEQUENTIAL ?? 500);

type LegName = 'direct' | 'gateway' | 'bare hop' | 'baseline';

interface Leg {
  name: LegName;
  target: Target;
  pool: Pool;
  /** The processes whose CPU this leg spends, besides the load generator. */
  watch: Record<string, number>;
  loads: LoadResult[];
  latencies: number[];
}

interface RouteUnderTest {
  title: string;
  legs: Leg[];
}

async function signIn(platform: BenchPlatform): Promise<string> {
  const base = platform.urls.gateway;
  const signedIn = await fetch(`${base}/api/auth/sign-in/email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: base },
    body: JSON.stringify(platform.admin),
  });
  const session = signedIn.headers.get('set-auth-token');
  const token = await fetch(`${base}/api/auth/token`, {
    headers: { authorization: `Bearer ${session}` },
  });
  return ((await token.json()) as { token: string }).token;
}

/** A published service of the admin's own organization, created through the gateway. */
async function createCatalogService(base: string, auth: Record<string, string>): Promise<string> {
  const created = await fetch(`${base}/api/services`, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/json' },
    body: JSON.stringify({
      name: 'Knee arthroscopy, diagnostic',
      procedureCode: { system: 'CPT', code: '29870' },
      careSetting: 'outpatient',
      basePrice: { amountMinor: 250_000, currency: 'USD' },
      status: 'published',
    }),
  });
  if (created.status !== 201) throw new Error(`catalog create: ${created.status}`);
  return ((await created.json()) as { serviceId: string }).serviceId;
}

function routesUnderTest(platform: BenchPlatform, auth: Record<string, string>, serviceId: string) {
  const { urls, pids } = platform;
  const leg = (name: LegName, origin: string, path: string, watch: Record<string, number>) => ({
    name,
    target: { origin, path, headers: auth },
    pool: poolFor(origin, clients),
    watch: { ...watch, 'load generator': process.pid },
    loads: [],
    latencies: [],
  });
  const echoPath = '/api/transactions';
  const catalogPath = `/api/services/${serviceId}`;
  const { baseline } = platform;
  const baselineLeg = (path: string, service: number): Leg[] =>
    baseline ? [leg('baseline', baseline.url, path, { gateway: baseline.pid, service })] : [];
  return [
    {
      title: `echo stand-in, GET ${echoPath} (token check, no I/O)`,
      legs: [
        leg('direct', urls.echo, echoPath, { service: pids.echo }),
        leg('gateway', urls.gateway, echoPath, { gateway: pids.gateway, service: pids.echo }),
        leg('bare hop', urls.bareHop, echoPath, { hop: pids.bareHop, service: pids.echo }),
        ...baselineLeg(echoPath, pids.echo),
      ],
    },
    {
      title: 'catalog, GET /api/services/:id (token check, one Postgres read)',
      legs: [
        leg('direct', urls.catalog, catalogPath, { service: pids.catalog }),
        leg('gateway', urls.gateway, catalogPath, { gateway: pids.gateway, service: pids.catalog }),
        ...baselineLeg(catalogPath, pids.catalog),
      ],
    },
  ] satisfies RouteUnderTest[];
}

async function measure(routes: RouteUnderTest[]) {
  for (const route of routes) {
    for (const leg of route.legs)
      await closedLoop(leg.pool, leg.target, { clients, seconds: 1, watch: {} });
  }
  for (let round = 0; round < rounds; round += 1) {
    for (const route of routes) {
      // The order alternates, so that neither leg always runs on a machine just warmed or cooled.
      const legs = round % 2 === 0 ? route.legs : [...route.legs].reverse();
      for (const leg of legs)
        leg.loads.push(
          await closedLoop(leg.pool, leg.target, { clients, seconds, watch: leg.watch }),
        );
      for (const leg of legs)
        leg.latencies.push(...(await sequential(leg.pool, leg.target, oneByOne)));
    }
  }
}

const median = (xs: number[]) => quantile(xs, 0.5);
const ms = (x: number) => `${x.toFixed(3)} ms`;

function report(route: RouteUnderTest) {
  const [direct, ...others] = route.legs;
  const rateOf = (leg: Leg) => median(leg.loads.map((l) => l.rate));
  console.log(`\n${route.title}`);
  for (const leg of route.legs) {
    const ratio = leg === direct ? '' : `, ${(rateOf(leg) / rateOf(direct!)).toFixed(2)}x direct`;
    const cpu = Object.keys(leg.watch)
      .map((name) => `${name} ${median(leg.loads.map((l) => l.cpuUs[name]!)).toFixed(0)}`)
      .join(', ');
    console.log(
      `  ${leg.name.padEnd(8)} ${rateOf(leg).toFixed(0).padStart(6)} req/s${ratio}; CPU us/request: ${cpu}`,
    );
    const underLoad = median(leg.loads.map((l) => l.p50Ms));
    const p50 = quantile(leg.latencies, 0.5);
    const p90 = quantile(leg.latencies, 0.9);
    console.log(
      `           p50 under load ${ms(underLoad)}; one at a time p50 ${ms(p50)}, p90 ${ms(p90)}`,
    );
  }
  for (const leg of others) {
    const added = quantile(leg.latencies, 0.5) - quantile(direct!.latencies, 0.5);
    console.log(`  ${leg.name} adds ${ms(added)} at p50 (one at a time)`);
  }
}

function failuresOf(routes: RouteUnderTest[]): string[] {
  return routes.flatMap((route) =>
    route.legs.flatMap((leg) =>
      leg.loads.flatMap((l) =>
        Object.entries(l.failures).map(([why, n]) => `${route.title} ${leg.name}: ${n} x ${why}`),
      ),
    ),
  );
}

async function main() {
  const load = () =>
    loadavg()
      .map((x) => x.toFixed(2))
      .join(' ');
  const loadBefore = load();
  const platform = await startBenchPlatform();
  try {
    const auth = { authorization: `Bearer ${await signIn(platform)}` };
    const serviceId = await createCatalogService(platform.urls.gateway, auth);
    const routes = routesUnderTest(platform, auth, serviceId);
    await measure(routes);

    console.log(
      `${clients} clients, ${seconds} s per leg, ${rounds} rounds interleaved (medians); ${oneByOne} calls one at a time per leg and round`,
    );
    console.log(
      `load average before ${loadBefore}, after ${load()}; ${process.env.BENCH_LABEL ?? ''}`,
    );
    for (const route of routes) report(route);
    for (const route of routes) for (const leg of route.legs) await leg.pool.close();

    const failures = failuresOf(routes);
    if (failures.length > 0) {
      console.log(`INVALID: answers other than 200\n${failures.join('\n')}`);
      process.exitCode = 1;
    }
  } finally {
    await platform.stop();
  }
}

await main();
