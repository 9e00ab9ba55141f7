// Authenticated call through the gateway versus the same call straight to the service (Fastify,
// verifying the access token with @hcts/auth), in one run, interleaved: throughput at a fixed
// concurrency and latency of sequential calls.
// Needs Postgres and Redis (DATABASE_URL, REDIS_URL). Run: node
// services/gateway/bench/gateway.bench.ts
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { Pool } from 'undici';

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));
const serverUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const rounds = 4;
const perRound = 3_000;
const concurrency = 16;
const sequential = 1_000;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function start(file: string, env: Record<string, string>) {
  return fork(here(file), {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
}

async function waitFor(url: string) {
  for (let i = 0; i < 300; i += 1) {
    const ok = await fetch(url).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} did not come up`);
}

async function accessToken(base: string, email: string, password: string): Promise<string> {
  const signIn = await fetch(`${base}/api/auth/sign-in/email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: base },
    body: JSON.stringify({ email, password }),
  });
  const session = signIn.headers.get('set-auth-token');
  const token = await fetch(`${base}/api/auth/token`, {
    headers: { authorization: `Bearer ${session}` },
  });
  return ((await token.json()) as { token: string }).token;
}

async function throughput(pool: Pool, path: string, headers: Record<string, string>) {
  let next = 0;
  const worker = async () => {
    while (next < perRound) {
      next += 1;
      const answer = await pool.request({ method: 'GET', path, headers });
      if (answer.statusCode !== 200) throw new Error(`status ${answer.statusCode}`);
      await answer.body.dump();
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  return perRound / ((performance.now() - started) / 1000);
}

async function latencies(pool: Pool, path: string, headers: Record<string, string>) {
  const samples: number[] = [];
  for (let i = 0; i < sequential; i += 1) {
    const started = performance.now();
    const answer = await pool.request({ method: 'GET', path, headers });
    await answer.body.dump();
    samples.push(performance.now() - started);
  }
  return samples;
}

// CPU time a process has used (user + system), from /proc: unlike wall-clock rates it does not
// depend on how busy the shared machine is.
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

const quantile = (xs: number[], q: number) =>
  [...xs].sort((a, b) => a - b)[Math.floor(q * (xs.length - 1))]!;

async function main() {
  const database = `hcts_bench_gateway_${randomBytes(3).toString('hex')}`;
  const gatewayPort = await freePort();
  const base = `http://127.0.0.1:${gatewayPort}`;
  const echoPort = await freePort();
  const echo = start('./echo-service.ts', { PORT: String(echoPort), GATEWAY_URL: base });
  const barePort = await freePort();
  const bare = start('./bare-proxy.ts', {
    PORT: String(barePort),
    UPSTREAM_URL: `http://127.0.0.1:${echoPort}`,
  });
  const admin = { email: 'bench-admin@hcts.test', password: 'bench-admin-password' };
  const gateway = start('../src/main.ts', {
    PORT: String(gatewayPort),
    PUBLIC_URL: base,
    GATEWAY_DATABASE: database,
    TRADING_URL: `http://127.0.0.1:${echoPort}`,
    HCTS_ADMIN_EMAIL: admin.email,
    HCTS_ADMIN_PASSWORD: admin.password,
    REDIS_PREFIX: `bench-${randomBytes(3).toString('hex')}`,
    RATE_LIMIT_PER_MINUTE: '100000000',
    RATE_LIMIT_ADDRESS_PER_MINUTE: '100000000',
    LOG_LEVEL: 'warn',
    // The bench admin has no TOTP; the check itself is one boolean of the token.
    MFA_REQUIRED_ROLES: '',
    KAFKA_BROKERS: '',
  });

  try {
    await waitFor(`${base}/health/live`);
    await waitFor(`http://127.0.0.1:${echoPort}/health/ready`);
    const token = await accessToken(base, admin.email, admin.password);
    const auth = { authorization: `Bearer ${token}` };
    const direct = new Pool(`http://127.0.0.1:${echoPort}`, { connections: concurrency });
    const viaGateway = new Pool(base, { connections: concurrency });
    const viaBare = new Pool(`http://127.0.0.1:${barePort}`, { connections: concurrency });
    const path = '/api/transactions';

    // Warm both paths (JIT, pools, the gateway's key set) before measuring.
    await throughput(direct, path, auth);
    await throughput(viaGateway, path, auth);
    await throughput(viaBare, path, auth);

    const rates = { direct: [] as number[], gateway: [] as number[], bare: [] as number[] };
    const lat = { direct: [] as number[], gateway: [] as number[] };
    const cpu = { service: 0, gatewayHop: 0, bareHop: 0 };
    for (let round = 0; round < rounds; round += 1) {
      const serviceBefore = cpuMs(echo.pid!);
      rates.direct.push(await throughput(direct, path, auth));
      cpu.service += cpuMs(echo.pid!) - serviceBefore;
      const gatewayBefore = cpuMs(gateway.pid!);
      rates.gateway.push(await throughput(viaGateway, path, auth));
      cpu.gatewayHop += cpuMs(gateway.pid!) - gatewayBefore;
      const bareBefore = cpuMs(bare.pid!);
      rates.bare.push(await throughput(viaBare, path, auth));
      cpu.bareHop += cpuMs(bare.pid!) - bareBefore;
      lat.direct.push(...(await latencies(direct, path, auth)));
      lat.gateway.push(...(await latencies(viaGateway, path, auth)));
    }

    const median = (xs: number[]) => quantile(xs, 0.5);
    const directRate = median(rates.direct);
    const gatewayRate = median(rates.gateway);
    console.log(
      `requests per round ${perRound} at concurrency ${concurrency}, ${rounds} rounds interleaved`,
    );
    console.log(`direct to service:   ${directRate.toFixed(0)} req/s (median of rounds)`);
    console.log(`through the gateway: ${gatewayRate.toFixed(0)} req/s (median of rounds)`);
    console.log(`ratio gateway/direct: ${(gatewayRate / directRate).toFixed(2)}x (target >= 0.5x)`);
    for (const q of [0.5, 0.9, 0.99]) {
      const d = quantile(lat.direct, q);
      const g = quantile(lat.gateway, q);
      console.log(
        `p${q * 100} sequential: direct ${d.toFixed(3)} ms, gateway ${g.toFixed(3)} ms, added ${(g - d).toFixed(3)} ms`,
      );
    }
    const perRequest = (ms: number) => (ms * 1000) / (rounds * perRound);
    const serviceUs = perRequest(cpu.service);
    const gatewayUs = perRequest(cpu.gatewayHop);
    console.log(
      `CPU per request: service ${serviceUs.toFixed(0)} us, gateway hop ${gatewayUs.toFixed(0)} us`,
    );
    console.log(
      `CPU-bound capacity ratio service/(service+gateway): ${(serviceUs / (serviceUs + gatewayUs)).toFixed(2)}x`,
    );
    console.log(
      `target: added p50 <= 1 ms -> ${(quantile(lat.gateway, 0.5) - quantile(lat.direct, 0.5)).toFixed(3)} ms`,
    );
    const bareRate = median(rates.bare);
    const bareUs = perRequest(cpu.bareHop);
    console.log(
      `bare keep-alive hop (no identity, no limits): ${bareRate.toFixed(0)} req/s, ${(bareRate / directRate).toFixed(2)}x direct, CPU ${bareUs.toFixed(0)} us per request`,
    );
    await direct.close();
    await viaGateway.close();
    await viaBare.close();
  } finally {
    gateway.kill('SIGTERM');
    echo.kill('SIGTERM');
    bare.kill('SIGTERM');
    await new Promise((resolve) => gateway.once('exit', resolve));
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    await client.query(`drop database if exists "${database}" with (force)`);
    await client.end();
  }
}

await main();
