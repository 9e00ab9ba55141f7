import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Endpoints } from '@hcts/infra-local';
import {
  databaseName,
  databaseUrl,
  dropDatabase,
  ensureDatabases,
  ensureLocalInfra,
  repoRoot,
  serviceNames,
  stack,
  stateDir,
} from '@hcts/infra-local';
import { type DemoSummary, loadDemoData } from '../demo/load-demo-data.ts';
import { type Mailbox, startMailbox } from '../demo/mailbox.ts';
import { localSecrets, type PlatformSecrets } from '../demo/secrets.ts';
import { dropPlatformTopics } from './drop-topics.ts';
import { type Launched, launchProcess, type ProcessSpec, waitUntilReady } from './processes.ts';
import { say } from './say.ts';

/** Every port the platform listens on: one per service, the sandbox gateway, the mailbox. */
export type PlatformPorts = Record<string, number> & { gateway: number; sandbox: number };

export interface PlatformOptions {
  endpoints: Endpoints;
  /** Database names are `<prefix><service>`; `hcts_` for `npm start`. */
  databasePrefix: string;
  ports: PlatformPorts;
  secrets: PlatformSecrets;
  logDir: string;
  /** Variables given to every process on top of the computed ones (telemetry, limits). */
  extraEnv?: Record<string, string>;
  /** Where the platform's outgoing mail is also written as text files (npm start). */
  mailDir?: string;
  /** Drop the databases, and the topics of its KAFKA_TOPIC_PREFIX, when it stops (test runs). */
  dropDatabasesOnStop?: boolean;
  log?: (line: string) => void;
}

export interface RunningPlatform {
  gatewayUrl: string;
  /** Each service's own address (behind the gateway), for figures and diagnostics. */
  serviceUrls: Record<string, string>;
  sandboxUrl: string;
  mailbox: Mailbox;
  /** The processes started, with their pids, for memory figures. */
  processes: Array<{ name: string; pid: number | undefined }>;
  /** Services that have no main module yet, so the platform runs without them. */
  missing: string[];
  stop(): Promise<void>;
}

/** The default ports: infra/stack.json's, `GATEWAY_PORT` for the gateway, 8090 for the sandbox. */
export function stackPorts(env = process.env): PlatformPorts {
  const ports: Record<string, number> = {};
  for (const [name, { port }] of Object.entries(stack.services)) ports[name] = port;
  return {
    ...ports,
    gateway: Number(env.GATEWAY_PORT ?? stack.services.gateway?.port ?? 8080),
    sandbox: Number(env.SANDBOX_GATEWAY_PORT ?? 8090),
    mailbox: Number(env.MAILBOX_PORT ?? 2525),
  };
}

/** Ports nobody listens on right now, one per service, for a platform next to another. */
export async function freePorts(): Promise<PlatformPorts> {
  const ports: Record<string, number> = {};
  for (const name of [...serviceNames, 'sandbox', 'mailbox']) ports[name] = await freePort();
  return ports as PlatformPorts;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

// Each service creates the topics it reads and consumers start from the beginning, so the
// order is not needed for correctness; it only keeps start-up logs in a familiar sequence.
const startOrder = ['trading', 'catalog', 'payments', 'certificates'];

/** Services present in this checkout (a `src/main.ts`), in start order, the gateway last. */
export function presentServices(): string[] {
  const present = serviceNames.filter((name) =>
    existsSync(join(repoRoot, 'services', name, 'src', 'main.ts')),
  );
  const rank = (name: string) => {
    if (name === 'gateway') return startOrder.length + 1;
    const at = startOrder.indexOf(name);
    return at < 0 ? startOrder.length : at;
  };
  return present.sort((a, b) => rank(a) - rank(b));
}

const sharedData = join(repoRoot, '..', 'shared', 'data');

/** The WHO ICD-11 tabulation the catalog imports at its first start. */
export function icd11File(env = process.env): string {
  return (
    env.ICD11_TABULATION_FILE ?? join(sharedData, 'icd11', 'SimpleTabulation-ICD-11-MMS-en.xlsx')
  );
}

/** The variables of one service: its database, the infrastructure, and what it needs of others. */
export function serviceEnv(
  name: string,
  options: PlatformOptions,
  mailboxUrl: string,
): Record<string, string> {
  const { endpoints, ports, secrets, databasePrefix } = options;
  const local = (port: number | undefined) => `http://127.0.0.1:${port}`;
  const gatewayUrl = local(ports.gateway);
  const upstreams = presentServices().filter((n) => n !== 'gateway');
  const common = {
    SERVICE_NAME: name,
    HOST: '127.0.0.1',
    PORT: String(ports[name]),
    DATABASE_URL: databaseUrl(endpoints.DATABASE_URL, databaseName(name, databasePrefix)),
    KAFKA_BROKERS: endpoints.KAFKA_BROKERS,
    REDIS_URL: endpoints.REDIS_URL,
  };
  const own: Record<string, Record<string, string>> = {
    gateway: {
      // The gateway creates its database itself from the server URL and a name.
      DATABASE_URL: endpoints.DATABASE_URL,
      GATEWAY_DATABASE: databaseName('gateway', databasePrefix),
      REDIS_PREFIX: `${databasePrefix}gw`,
      PUBLIC_URL: gatewayUrl,
      BETTER_AUTH_SECRET: secrets.authSecret,
      SECURITY_DIGEST_SALT: secrets.securityDigestSalt,
      SMTP_URL: mailboxUrl,
      // Only services with a main module run: the gateway's readiness waits for these alone,
      // and routes to the others answer 503 at once.
      GATEWAY_UPSTREAMS: upstreams.join(','),
      ...Object.fromEntries(upstreams.map((n) => [`${n.toUpperCase()}_URL`, local(ports[n])])),
    },
    catalog: {
      PRICE_FILE_MASTER_KEY: secrets.priceFileMasterKey,
      ICD11_TABULATION_FILE: icd11File(),
    },
    payments: {
      SANDBOX_GATEWAY_URL: local(ports.sandbox),
      SANDBOX_WEBHOOK_SECRET: secrets.sandboxWebhookSecret,
      SECURITY_DIGEST_SALT: secrets.securityDigestSalt,
    },
    certificates: {
      CERTIFICATES_KEK: secrets.certificatesKek,
    },
  };
  // Services verify the gateway's access tokens themselves (@hcts/auth's authConfig), and
  // take the client's address from the gateway's X-Forwarded-For (per-client rate limits).
  const auth = {
    PUBLIC_BASE_URL: gatewayUrl,
    AUTH_ISSUER: gatewayUrl,
    AUTH_JWKS_URL: `${gatewayUrl}/api/auth/jwks`,
    TRUST_PROXY: '127.0.0.1',
  };
  return { ...common, ...(name === 'gateway' ? {} : auth), ...own[name], ...options.extraEnv };
}

const telemetryRegister = join(repoRoot, 'packages', 'kit', 'src', 'telemetry', 'register.ts');

/**
 * Tracing is on when an exporter is named (the standard OTEL_TRACES_EXPORTER): each service
 * then loads the kit's telemetry hook before its modules, so http, undici and pg are traced.
 */
function nodeArgsFor(options: PlatformOptions): string[] {
  const exporter = options.extraEnv?.OTEL_TRACES_EXPORTER ?? process.env.OTEL_TRACES_EXPORTER;
  return exporter && exporter !== 'none' ? ['--import', telemetryRegister] : [];
}

function processSpecs(options: PlatformOptions, mailboxUrl: string): ProcessSpec[] {
  const present = presentServices();
  const gatewayUrl = `http://127.0.0.1:${options.ports.gateway}`;
  const sandbox: ProcessSpec = {
    name: 'sandbox',
    entry: join(repoRoot, 'services', 'payments', 'sandbox', 'main.ts'),
    port: options.ports.sandbox,
    logFile: join(options.logDir, 'sandbox.log'),
    readyPath: '/v1/payments',
    env: {
      PORT: String(options.ports.sandbox),
      SANDBOX_GATEWAY_PORT: String(options.ports.sandbox),
      // Provider events reach payments through the public edge, as a real provider's would.
      SANDBOX_WEBHOOK_URL: `${gatewayUrl}/api/payments/webhook/sandbox`,
      SANDBOX_WEBHOOK_SECRET: options.secrets.sandboxWebhookSecret,
    },
  };
  const nodeArgs = nodeArgsFor(options);
  const services = present.map(
    (name): ProcessSpec => ({
      name,
      entry: join(repoRoot, 'services', name, 'src', 'main.ts'),
      port: options.ports[name] ?? 0,
      logFile: join(options.logDir, `${name}.log`),
      env: serviceEnv(name, options, mailboxUrl),
      nodeArgs,
    }),
  );
  return present.includes('payments') ? [sandbox, ...services] : services;
}

/**
 * Starts the platform: the mailbox, the sandbox payment gateway, every service present (each
 * migrates its database as it starts), the gateway last, each awaited until ready. `stop()`
 * ends them in reverse order.
 */
export async function launchPlatform(options: PlatformOptions): Promise<RunningPlatform> {
  const log = options.log ?? say;
  mkdirSync(options.logDir, { recursive: true });
  const names = serviceNames.map((n) => databaseName(n, options.databasePrefix));
  await ensureDatabases(options.endpoints.DATABASE_URL, names);

  const mailbox = await startMailbox(options.ports.mailbox ?? 0, options.mailDir);
  const specs = processSpecs(options, mailbox.url);
  const launched: Array<{ spec: ProcessSpec; child: Launched }> = [];
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    for (const { child } of launched.reverse()) await child.stop();
    await mailbox.close();
    if (options.dropDatabasesOnStop) {
      for (const name of names) await dropDatabase(options.endpoints.DATABASE_URL, name);
      const prefix = options.extraEnv?.KAFKA_TOPIC_PREFIX;
      await dropPlatformTopics(options.endpoints.KAFKA_BROKERS, prefix).catch((error: unknown) =>
        log(`topics of ${prefix} not dropped: ${error instanceof Error ? error.message : error}`),
      );
    }
  };

  try {
    for (const spec of specs) {
      log(`starting ${spec.name} (log: ${spec.logFile})`);
      const child = launchProcess(spec, () => log(`${spec.name} stopped unexpectedly`));
      launched.push({ spec, child });
      await waitUntilReady(spec, child);
      log(`${spec.name} ready on http://127.0.0.1:${spec.port}`);
    }
  } catch (error) {
    await stop();
    throw error;
  }

  const present = presentServices();
  return {
    gatewayUrl: `http://127.0.0.1:${options.ports.gateway}`,
    serviceUrls: Object.fromEntries(
      present.map((name) => [name, `http://127.0.0.1:${options.ports[name]}`]),
    ),
    sandboxUrl: `http://127.0.0.1:${options.ports.sandbox}`,
    mailbox,
    processes: launched.map(({ spec, child }) => ({ name: spec.name, pid: child.pid })),
    missing: serviceNames.filter((n) => !present.includes(n)),
    stop,
  };
}

const logDir = join(stateDir, 'logs');
const mailDir = join(stateDir, 'mail');

/**
 * `npm start`: infrastructure, the platform, demo data; stays in the foreground until Ctrl-C,
 * which stops everything it started.
 */
export async function startPlatform(): Promise<number> {
  const infra = await ensureLocalInfra({ log: say });
  const platform = await launchPlatform({
    endpoints: infra.endpoints,
    databasePrefix: stack.postgres.databasePrefix,
    ports: stackPorts(),
    secrets: localSecrets(join(stateDir, 'platform-secrets.json')),
    logDir,
    mailDir,
  }).catch(async (error: unknown) => {
    await infra.stop();
    throw error;
  });

  let stopping = false;
  const stopAll = async (code: number) => {
    if (stopping) return;
    stopping = true;
    say('stopping services');
    await platform.stop();
    await infra.stop();
    say('stopped');
    process.exit(code);
  };
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));

  writeFileSync(
    join(stateDir, 'platform.json'),
    `${JSON.stringify({ gatewayUrl: platform.gatewayUrl, sandboxUrl: platform.sandboxUrl })}\n`,
  );
  if (platform.missing.length > 0)
    say(`not in this build yet (their routes answer 503): ${platform.missing.join(', ')}`);
  const summary = await loadDemoData({
    gatewayUrl: platform.gatewayUrl,
    mailbox: platform.mailbox,
    log: say,
    stateDir,
  }).catch((error: unknown) => {
    say(`demo data failed: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  });
  printEntryPoints(platform.gatewayUrl, summary);
  while (!stopping) await sleep(60_000);
  return 0;
}

function printEntryPoints(base: string, summary: DemoSummary | undefined): void {
  say(
    `API: ${base}/api (its entry points)   reference: ${base}/docs   OpenAPI: ${base}/openapi.json`,
  );
  say(`readiness: ${base}/health/ready   logs: ${logDir}`);
  say(`mail the platform sends (address confirmations, password resets): ${mailDir}`);
  for (const login of summary?.logins ?? []) {
    say(
      `login ${login.role.padEnd(12)} ${login.email}  ${login.password}` +
        (login.note ? `  (${login.note})` : ''),
    );
  }
  say('Ctrl-C stops everything');
}
