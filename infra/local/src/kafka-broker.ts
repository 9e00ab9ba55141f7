import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Kafka, logLevel } from 'kafkajs';
import { InfraError } from './infra-error.ts';
import { brokerProperties, log4jProperties } from './kafka-config.ts';
import { checkJava, ensureKafkaJars } from './kafka-jars.ts';
import { assertPortFree, isPortOpen } from './ports.ts';

export interface KafkaBrokerOptions {
  port: number;
  controllerPort: number;
  /** Holds data, config, log file and pid file of this broker. */
  dir: string;
  cacheDir: string;
  javaBin?: string;
  heapMb?: number;
  readyTimeoutMs?: number;
  log?: (line: string) => void;
}

export interface RunningBroker {
  brokers: string[];
  logFile: string;
  pid: number;
  /** False when a broker of ours was already running on that port and was reused. */
  started: boolean;
}

const files = (dir: string) => ({
  config: join(dir, 'server.properties'),
  log4j: join(dir, 'log4j2.properties'),
  data: join(dir, 'data'),
  log: join(dir, 'broker.log'),
  pid: join(dir, 'broker.pid'),
});

/**
 * Starts a single combined broker/controller in KRaft mode on 127.0.0.1 and resolves once it
 * accepts a producer. A broker of ours already running from `dir` is reused.
 */
export async function startKafkaBroker(options: KafkaBrokerOptions): Promise<RunningBroker> {
  const log = options.log ?? (() => {});
  const paths = files(options.dir);
  const brokers = [`127.0.0.1:${options.port}`];

  const existing = runningPid(paths.pid);
  if (existing && (await isPortOpen(options.port))) {
    return { brokers, logFile: paths.log, pid: existing, started: false };
  }

  const javaBin = options.javaBin ?? javaFromEnv();
  checkJava(javaBin);
  await assertPortFree(options.port, 'KAFKA_PORT');
  await assertPortFree(options.controllerPort, 'KAFKA_CONTROLLER_PORT');
  const libs = ensureKafkaJars(options.cacheDir, log);

  mkdirSync(paths.data, { recursive: true });
  writeFileSync(paths.config, brokerProperties(options.port, options.controllerPort, paths.data));
  writeFileSync(paths.log4j, log4jProperties());
  formatStorage(javaBin, libs, paths);

  log(`starting Kafka on ${brokers[0]} (log: ${paths.log})`);
  const pid = launch(javaBin, libs, paths, options.heapMb ?? 512);
  await waitUntilReady(brokers, pid, paths.log, options.readyTimeoutMs ?? 90_000);
  return { brokers, logFile: paths.log, pid, started: true };
}

/** Stops the broker started from `dir`: SIGTERM, then SIGKILL after a grace period. */
export async function stopKafkaBroker(dir: string, graceMs = 20_000): Promise<boolean> {
  const paths = files(dir);
  const pid = runningPid(paths.pid);
  if (!pid) return false;

  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (isAlive(pid) && Date.now() < deadline) await sleep(100);
  if (isAlive(pid)) process.kill(pid, 'SIGKILL');

  rmSync(paths.pid, { force: true });
  return true;
}

export function brokerStatus(dir: string): { pid: number | undefined; logFile: string } {
  const paths = files(dir);
  return { pid: runningPid(paths.pid), logFile: paths.log };
}

function javaFromEnv(): string {
  return process.env.JAVA_HOME ? join(process.env.JAVA_HOME, 'bin', 'java') : 'java';
}

function formatStorage(javaBin: string, libs: string, paths: ReturnType<typeof files>): void {
  if (existsSync(join(paths.data, 'meta.properties'))) return;

  // A static controller.quorum.voters list is formatted without --standalone.
  const clusterId = randomBytes(16).toString('base64url');
  const result = spawnSync(
    javaBin,
    [
      ...jvmArgs(libs, paths, 256),
      'kafka.tools.StorageTool',
      'format',
      '-t',
      clusterId,
      '-c',
      paths.config,
    ],
    { encoding: 'utf8' },
  );
  if (result.status !== 0) {
    throw new InfraError(`Kafka storage format failed:\n${result.stdout}${result.stderr}`);
  }
}

function jvmArgs(libs: string, paths: ReturnType<typeof files>, heapMb: number): string[] {
  return [
    `-Xmx${heapMb}m`,
    // The heap starts small and gives back what an idle broker does not use (G1's periodic
    // collection uncommits it): at rest the platform must stay under 2 GiB, and the broker with
    // a fixed 512 MB heap was a third of it.
    '-Xms64m',
    '-XX:+UseG1GC',
    '-XX:G1PeriodicGCInterval=30000',
    '-XX:MinHeapFreeRatio=10',
    '-XX:MaxHeapFreeRatio=30',
    '-Djava.awt.headless=true',
    `-Dlog4j2.configurationFile=${paths.log4j}`,
    '-cp',
    join(libs, '*'),
  ];
}

function launch(javaBin: string, libs: string, paths: ReturnType<typeof files>, heap: number) {
  const out = openSync(paths.log, 'a');
  const child = spawn(javaBin, [...jvmArgs(libs, paths, heap), 'kafka.Kafka', paths.config], {
    detached: true,
    stdio: ['ignore', out, out],
  });
  child.unref();
  if (!child.pid) throw new InfraError(`could not start '${javaBin}'`);

  writeFileSync(paths.pid, String(child.pid));
  return child.pid;
}

async function waitUntilReady(brokers: string[], pid: number, logFile: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  const kafka = new Kafka({ clientId: 'hcts-infra', brokers, logLevel: logLevel.NOTHING });

  while (Date.now() < deadline) {
    if (!isAlive(pid)) throw brokerFailed('the broker process exited during start', logFile);
    if (await acceptsProducer(kafka)) return;
    await sleep(250);
  }
  throw brokerFailed(`the broker did not accept a producer within ${timeoutMs} ms`, logFile);
}

async function acceptsProducer(kafka: Kafka): Promise<boolean> {
  const producer = kafka.producer({ allowAutoTopicCreation: true, retry: { retries: 0 } });
  try {
    await producer.connect();
    await producer.send({ topic: '__hcts_ready', messages: [{ value: 'ready' }] });
    return true;
  } catch {
    return false;
  } finally {
    await producer.disconnect().catch(() => {});
  }
}

function brokerFailed(reason: string, logFile: string): InfraError {
  const tail = existsSync(logFile)
    ? readFileSync(logFile, 'utf8').trimEnd().split('\n').slice(-25).join('\n')
    : '(no log written)';
  return new InfraError(`Kafka failed to start: ${reason}. Last lines of ${logFile}:\n${tail}`);
}

function runningPid(pidFile: string): number | undefined {
  if (!existsSync(pidFile)) return undefined;
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  return Number.isInteger(pid) && pid > 0 && isAlive(pid) ? pid : undefined;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return !isZombie(pid);
  } catch {
    return false;
  }
}

// A child we spawned and that exited stays a zombie until reaped; it is not running.
function isZombie(pid: number): boolean {
  try {
    return /^\S+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}
