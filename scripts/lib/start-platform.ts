import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { LocalInfra } from '@hcts/infra-local';
import { ensureLocalInfra, repoRoot, serviceNames, stack, stateDir } from '@hcts/infra-local';
import { type Launched, launchProcess, type ProcessSpec, waitUntilReady } from './processes.ts';
import { say } from './say.ts';

const logDir = join(stateDir, 'logs');

/** The processes of the platform: every service that has a main module, the gateway last. */
export function platformProcesses(endpoints: LocalInfra['endpoints']): ProcessSpec[] {
  const present = serviceNames.filter((name) =>
    existsSync(join(repoRoot, 'services', name, 'src', 'main.ts')),
  );
  const ordered = [
    ...present.filter((n) => n !== 'gateway'),
    ...present.filter((n) => n === 'gateway'),
  ];
  return ordered.map((name) => {
    const port = stack.services[name]?.port ?? 0;
    return {
      name,
      entry: join(repoRoot, 'services', name, 'src', 'main.ts'),
      port,
      logFile: join(logDir, `${name}.log`),
      env: serviceEnv(name, port, endpoints),
    };
  });
}

function serviceEnv(name: string, port: number, endpoints: LocalInfra['endpoints']) {
  const database = new URL(endpoints.DATABASE_URL);
  database.pathname = `/${stack.postgres.databasePrefix}${name}`;
  return {
    SERVICE_NAME: name,
    HOST: '127.0.0.1',
    PORT: String(process.env.GATEWAY_PORT && name === 'gateway' ? process.env.GATEWAY_PORT : port),
    DATABASE_URL: database.toString(),
    KAFKA_BROKERS: endpoints.KAFKA_BROKERS,
    REDIS_URL: endpoints.REDIS_URL,
  };
}

/**
 * `npm start`: infrastructure, then every service (each migrates its database as it starts),
 * then demo data; stays in the foreground until Ctrl-C, which stops everything it started.
 */
export async function startPlatform(): Promise<number> {
  mkdirSync(logDir, { recursive: true });
  const infra = await ensureLocalInfra({ log: say });
  const launched: Launched[] = [];
  let stopping = false;

  const stopAll = async (code: number) => {
    if (stopping) return;
    stopping = true;
    say('stopping services');
    await Promise.all(launched.map((p) => p.stop()));
    await infra.stop();
    say('stopped');
    process.exit(code);
  };
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));

  const specs = platformProcesses(infra.endpoints);
  if (specs.length === 0) say('no service has a src/main.ts yet: only the infrastructure runs');
  for (const spec of specs) {
    say(`starting ${spec.name} (log: ${spec.logFile})`);
    const child = launchProcess(spec, () => void (stopping || stopAll(1)));
    launched.push(child);
    await waitUntilReady(spec, child);
    say(`${spec.name} ready on http://127.0.0.1:${spec.env.PORT}`);
  }

  printEntryPoints(specs);
  while (!stopping) await sleep(60_000);
  return 0;
}

function printEntryPoints(specs: ProcessSpec[]): void {
  const gateway = specs.find((s) => s.name === 'gateway');
  if (!gateway) return;
  const base = `http://127.0.0.1:${gateway.env.PORT}`;
  say(`API: ${base}/api   reference: ${base}/docs   OpenAPI: ${base}/openapi.json`);
  say(`readiness: ${base}/health/ready   logs: ${logDir}`);
  say('Ctrl-C stops everything');
}
