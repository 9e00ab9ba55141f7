import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  databaseName,
  defaultDatabaseUrl,
  defaultRedisUrl,
  dropDatabase,
  ensureDatabases,
  repoRoot,
} from '@hcts/infra-local';
import { type Mailbox, startMailbox } from '../../../scripts/demo/mailbox.ts';
import { randomSecrets } from '../../../scripts/demo/secrets.ts';
import { type Launched, launchProcess, waitUntilReady } from '../../../scripts/lib/processes.ts';
import {
  freePorts,
  type PlatformOptions,
  serviceEnv,
} from '../../../scripts/lib/start-platform.ts';

export interface BenchPlatform {
  urls: { gateway: string; echo: string; bareHop: string; catalog: string };
  pids: { gateway: number; echo: number; bareHop: number; catalog: number };
  /** A second gateway from another checkout (BENCH_BASELINE_GATEWAY), when asked for. */
  baseline?: { url: string; pid: number };
  admin: { email: string; password: string };
  logDir: string;
  stop(): Promise<void>;
}

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));
const admin = { email: 'bench-admin@hcts.test', password: 'bench-admin-password' };

/**
 * What the benchmark raises or turns off in the gateway, and why: one caller sends every
 * request, so its per-minute limits go out of reach (the limiter still runs: it leases its
 * share of the window from Redis every 100 requests); the admin has no TOTP, and the
 * second-factor rule is one boolean of the token either way.
 */
export const gatewayOverrides = Object.freeze({
  RATE_LIMIT_PER_MINUTE: '100000000',
  RATE_LIMIT_ADDRESS_PER_MINUTE: '100000000',
  MFA_REQUIRED_ROLES: '',
  HCTS_ADMIN_EMAIL: admin.email,
  HCTS_ADMIN_PASSWORD: admin.password,
  PASSWORD_SCRYPT_LOG_N: '10',
});

/**
 * The gateway and the catalog as `npm start` runs them (the launcher's variables, each its own
 * process logging at its default level to a file, databases of their own), plus two stand-ins
 * on free ports: the echo service as the gateway's `trading` upstream, and the bare keep-alive
 * hop in front of it. The catalog skips the ICD-11 import (nothing here reads it).
 */
export async function startBenchPlatform(): Promise<BenchPlatform> {
  const server = process.env.DATABASE_URL ?? defaultDatabaseUrl;
  const tag = randomBytes(3).toString('hex');
  const prefix = `hcts_bench_gw_${tag}_`;
  const names = ['catalog', 'gateway'].map((n) => databaseName(n, prefix));
  const logDir = mkdtempSync(join(tmpdir(), 'hcts-bench-gateway-'));
  const options: PlatformOptions = {
    endpoints: {
      DATABASE_URL: server,
      KAFKA_BROKERS: process.env.KAFKA_BROKERS ?? '127.0.0.1:19092',
      REDIS_URL: process.env.REDIS_URL ?? defaultRedisUrl,
    },
    databasePrefix: prefix,
    ports: await freePorts(),
    secrets: randomSecrets(),
    logDir,
    // Topics and groups of its own on the shared broker: the bench's events reach no one else.
    // Known limit: the prefixed topics stay on the broker (the bus has no way to delete them).
    extraEnv: { KAFKA_GROUP_PREFIX: `bench-gw-${tag}.`, KAFKA_TOPIC_PREFIX: `bench-gw-${tag}.` },
  };
  const local = (name: string) => `http://127.0.0.1:${options.ports[name]}`;
  const ports = { echo: options.ports.trading!, bareHop: options.ports.analytics! };

  const launched: Launched[] = [];
  let mailbox: Mailbox | undefined;
  const stop = async () => {
    for (const child of launched.reverse()) await child.stop();
    await mailbox?.close();
    for (const name of names) await dropDatabase(server, name);
    if (!process.env.BENCH_KEEP_LOGS) rmSync(logDir, { recursive: true, force: true });
  };

  try {
    await ensureDatabases(server, names.slice(0, 1));
    mailbox = await startMailbox(0);
    const start = async (
      name: string,
      entry: string,
      port: number,
      env: Record<string, string>,
    ) => {
      // BENCH_NODE_ARGS (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`) go to every process.
      const nodeArgs = process.env.BENCH_NODE_ARGS?.split(' ') ?? [];
      const spec = { name, entry, port, logFile: join(logDir, `${name}.log`), env, nodeArgs };
      const child = launchProcess(spec, () => process.stderr.write(`${name} stopped\n`));
      launched.push(child);
      await waitUntilReady(spec, child, 120_000);
      return child.pid!;
    };

    const echo = await start('echo', here('./echo-service.ts'), ports.echo, {
      PORT: String(ports.echo),
      GATEWAY_URL: local('gateway'),
    });
    const bareHop = await start('bare-hop', here('./bare-proxy.ts'), ports.bareHop, {
      PORT: String(ports.bareHop),
      UPSTREAM_URL: local('trading'),
    });
    const { ICD11_TABULATION_FILE: _, ...catalogEnv } = serviceEnv('catalog', options, mailbox.url);
    const catalog = await start(
      'catalog',
      join(repoRoot, 'services', 'catalog', 'src', 'main.ts'),
      options.ports.catalog!,
      catalogEnv,
    );
    const gatewayEnv = {
      ...serviceEnv('gateway', options, mailbox.url),
      ...gatewayOverrides,
      GATEWAY_UPSTREAMS: 'catalog,trading',
    };
    const entry = join(repoRoot, 'services', 'gateway', 'src', 'main.ts');
    const gateway = await start('gateway', entry, options.ports.gateway, gatewayEnv);
    const baseline = await startBaseline(start, gatewayEnv, options.ports.payments!);

    return {
      urls: {
        gateway: local('gateway'),
        echo: local('trading'),
        bareHop: local('analytics'),
        catalog: local('catalog'),
      },
      pids: { gateway, echo, bareHop, catalog },
      ...(baseline ? { baseline } : {}),
      admin,
      logDir,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * Another version of the gateway beside this one, to compare the two in one run: the
 * `src/main.ts` of another checkout, on the same database, keys and issuer (so the same access
 * token is good at both, as at two instances of one deployment), on a port of its own.
 */
async function startBaseline(
  start: (
    name: string,
    entry: string,
    port: number,
    env: Record<string, string>,
  ) => Promise<number>,
  env: Record<string, string>,
  port: number,
): Promise<{ url: string; pid: number } | undefined> {
  const entry = process.env.BENCH_BASELINE_GATEWAY;
  if (!entry) return undefined;
  const pid = await start('baseline-gateway', entry, port, { ...env, PORT: String(port) });
  return { url: `http://127.0.0.1:${port}`, pid };
}
