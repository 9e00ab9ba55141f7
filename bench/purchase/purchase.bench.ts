// `npm run bench:purchase`: purchases through the gateway at rising rates, on a platform started
// by the same launcher as `npm start` (fresh databases, free ports). Prints, per rate, purchases/s
// completed, initiate -> certificate issued p50/p99, what was lost, and the resident memory of the
// platform (services and broker) at rest and under load.
import { randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { databaseName, repoRoot } from '@hcts/infra-local';
import {
  asBearer,
  enableTotp,
  ensureOrganization,
  type Member,
  rolesNeedingTotp,
  signInMember,
  signUp,
} from '../../scripts/demo/accounts.ts';
import { expectStatus, type GatewayClient } from '../../scripts/demo/gateway-client.ts';
import { quote } from '../../scripts/demo/purchase-steps.ts';
import { randomSecrets } from '../../scripts/demo/secrets.ts';
import {
  freePorts,
  launchPlatform,
  type RunningPlatform,
} from '../../scripts/lib/start-platform.ts';
import { certificatesIssued, issuedWithin } from './certificates.ts';
import { sampleCpu, type Watched } from './cpu.ts';
import { percentile, runAtRate } from './load.ts';
import { brokerPid, residentByName, residentMb, sampleRss } from './memory.ts';
import { printCpu, printResults, type StepResult } from './report.ts';

const rates = (process.env.BENCH_RATES ?? '5,10,20,40,80,160,320,500').split(',').map(Number);
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const restSeconds = 10;
// BENCH_COMPARE_POLL_MS set: each rate runs twice, with the long poll and with polling every
// that many ms, in alternating order, so that the two are compared on the same platform.
const comparePollMs = Number(process.env.BENCH_COMPARE_POLL_MS ?? 0);
const say = (line: string) => process.stdout.write(`${line}\n`);

interface Bench {
  platform: RunningPlatform;
  /** Names each service's database: `<prefix><service>`. */
  databasePrefix: string;
}

async function startPlatform(): Promise<Bench> {
  const tag = randomBytes(4).toString('hex');
  const databasePrefix = `hcts_t_bench_${tag}_`;
  const platform = await launchPlatform({
    endpoints: {
      KAFKA_BROKERS: process.env.KAFKA_BROKERS ?? '127.0.0.1:19092',
      DATABASE_URL: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
      REDIS_URL: `${process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'}/14`,
    },
    databasePrefix,
    ports: await freePorts(),
    secrets: randomSecrets(),
    logDir: join(repoRoot, '.artifacts', 'bench', tag),
    dropDatabasesOnStop: true,
    log: (line) => say(`bench: ${line}`),
    extraEnv: {
      LOG_LEVEL: 'warn',
      AUTH_RATE_LIMIT: 'off',
      RATE_LIMIT_PER_MINUTE: '10000000',
      RATE_LIMIT_ADDRESS_PER_MINUTE: '10000000',
      PASSWORD_SCRYPT_LOG_N: '10',
      // Topics and groups of its own: the shared broker may carry other platforms' traffic.
      KAFKA_GROUP_PREFIX: `bench-purchase-${tag}.`,
      KAFKA_TOPIC_PREFIX: `bench-purchase-${tag}.`,
    },
  });
  return { platform, databasePrefix };
}

async function party(platform: RunningPlatform, admin: Member, kind: 'provider' | 'insurer') {
  const tag = randomBytes(5).toString('hex');
  const account = await signUp(platform, {
    email: `${kind}-${tag}@bench.hcts.local`,
    password: 'bench correct horse battery',
    name: `${kind} ${tag}`,
  });
  const member = await ensureOrganization(account, { name: tag, slug: `${kind}-${tag}`, kind });
  const verified = await admin.client.post('/api/verification/decisions', {
    organizationId: member.organizationId,
    status: 'verified',
  });
  expectStatus('verify', verified, 200);
  if (rolesNeedingTotp().includes(kind)) await enableTotp(member);
  return { member, api: await asBearer(member) };
}

async function publishedService(provider: GatewayClient): Promise<string> {
  const created = await provider.post('/api/services', {
    name: 'Basic metabolic panel',
    procedureCode: { system: 'CPT', code: '80048' },
    careSetting: 'outpatient',
    basePrice: { amountMinor: 15_000, currency: 'USD' },
    status: 'published',
  });
  return expectStatus('service', created, 201).json.serviceId as string;
}

/** Every process the purchase path runs in, with each service's Postgres backends. */
function watchedProcesses(bench: Bench): Watched[] {
  const watched: Watched[] = [];
  for (const { name, pid } of bench.platform.processes) {
    if (pid !== undefined) watched.push({ name, pid });
  }
  for (const { name } of bench.platform.processes) {
    if (name === 'sandbox') continue;
    watched.push({ name: `pg ${name}`, database: databaseName(name, bench.databasePrefix) });
  }
  const broker = brokerPid();
  if (broker !== undefined) watched.push({ name: 'kafka broker', pid: broker });
  watched.push({ name: 'bench client', pid: process.pid });
  return watched;
}

async function step(bench: Bench, admin: Member, serviceId: string, rate: number, pollMs = 0) {
  const { platform } = bench;
  const buyerCount = Math.max(2, Math.ceil((rate * seconds) / 150));
  const buyers = await Promise.all(
    Array.from({ length: buyerCount }, () => party(platform, admin, 'insurer')),
  );
  // Trading learns of a buyer's verification by event: each buyer quotes once before the load.
  await Promise.all(buyers.map((b) => untilQuoting(b.api, serviceId)));
  const pids = [...platform.processes.map((p) => p.pid), brokerPid()];
  const sampler = sampleRss(pids);
  const cpu = sampleCpu(watchedProcesses(bench));

  const started = Date.now();
  const outcomes = await runAtRate(
    buyers.map((b) => b.api),
    serviceId,
    rate,
    seconds,
    pollMs,
  );
  const peak = sampler.stop();
  const issued = await certificatesIssued(buyers, outcomes);
  const cpuMs = cpu.stop();
  // Throughput over the window from the first initiate to the last certificate issued.
  const lastIssued = Math.max(started, ...issued.values());
  const elapsed = (lastIssued - started) / 1000;

  const completed = outcomes.filter((o) => o.status === 'completed');
  const latencies = issuedWithin(outcomes, issued).sort((a, b) => a - b);
  const firstError = outcomes.find((o) => o.error)?.error;
  if (firstError) say(`  first error at ${rate}/s: ${firstError}`);
  return {
    rate,
    client: pollMs > 0 ? `poll ${pollMs}` : 'long poll',
    completedPerSecond: latencies.length / Math.max(elapsed, seconds),
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    lost: completed.length - latencies.length,
    failed: outcomes.filter((o) => o.status === 'failed').length,
    errors: outcomes.filter((o) => o.status === 'error').length,
    rssMb: peak,
    cpuMs,
    issued: latencies.length,
  } satisfies StepResult;
}

async function main(): Promise<void> {
  const bench = await startPlatform();
  const { platform } = bench;
  try {
    const admin = await adminOf(platform);
    const provider = await party(platform, admin, 'provider');
    const serviceId = await publishedService(provider.api);
    const atRest = residentMb([...platform.processes.map((p) => p.pid), brokerPid()]);
    say(`resident memory at rest: ${atRest.toFixed(0)} MB (services and broker)`);
    const named = [...platform.processes, { name: 'kafka broker', pid: brokerPid() }];
    say(`  per process (MB): ${residentByName(named)}`);
    const idle = await cpuAtRest(bench);

    const results: StepResult[] = [];
    for (const [index, rate] of rates.entries()) {
      const polls = comparePollMs > 0 ? [0, comparePollMs] : [0];
      if (index % 2 === 1) polls.reverse();
      const stepResults: StepResult[] = [];
      for (const pollMs of polls) {
        say(`rate ${rate}/s for ${seconds} s...`);
        const result = await step(bench, admin, serviceId, rate, pollMs);
        stepResults.push(result);
        printResults([result]);
      }
      results.push(...stepResults);
      const best = Math.max(...stepResults.map((r) => r.completedPerSecond));
      if (best < rate * 0.5) {
        say(`stopping: ${rate}/s asked, ${best.toFixed(1)}/s completed`);
        break;
      }
    }
    say('');
    printResults(results);
    say('');
    printCpu(results, availableParallelism(), idle);
  } finally {
    await platform.stop();
  }
}

async function untilQuoting(buyer: GatewayClient, serviceId: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const quoted = await quote(buyer, [{ serviceId, quantity: 1 }]);
    if (quoted.status === 201 || Date.now() > deadline) return;
    await sleep(200);
  }
}

/** CPU ms per second of each process with no purchase under way (timers, polls, probes). */
async function cpuAtRest(bench: Bench): Promise<Map<string, number>> {
  const cpu = sampleCpu(watchedProcesses(bench));
  await sleep(restSeconds * 1000);
  const spent = cpu.stop();
  for (const [name, ms] of spent) spent.set(name, ms / restSeconds);
  return spent;
}

async function adminOf(platform: RunningPlatform): Promise<Member> {
  const email = process.env.HCTS_ADMIN_EMAIL ?? 'admin@hcts.local';
  const password = process.env.HCTS_ADMIN_PASSWORD ?? 'hcts-admin-change-me';
  const admin = await signInMember(platform.gatewayUrl, email, password);
  await enableTotp(admin);
  return admin;
}

await main();
