import { type ChildProcess, spawn } from 'node:child_process';
import { openSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

export interface ProcessSpec {
  name: string;
  entry: string;
  port: number;
  logFile: string;
  env: Record<string, string>;
  /** Answers 200 once the process serves; `/health/ready` unless told. */
  readyPath?: string;
  /** Node options before the entry, e.g. `--import` of the telemetry hook. */
  nodeArgs?: string[];
}

export interface Launched {
  pid: number | undefined;
  exited: () => boolean;
  stop: () => Promise<void>;
}

// A launcher that ends without stopping its children (an error, a test worker torn down)
// must not leave services running on their ports: one exit hook kills whatever still runs.
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** Starts `node <entry>` with its output in its log file; `onCrash` runs if it dies alone. */
export function launchProcess(spec: ProcessSpec, onCrash: () => void): Launched {
  const out = openSync(spec.logFile, 'a');
  const child = spawn(process.execPath, [...(spec.nodeArgs ?? []), spec.entry], {
    env: { ...process.env, ...spec.env },
    stdio: ['ignore', out, out],
    // A process group of its own: Ctrl-C reaches the launcher alone, which then stops the
    // services in order instead of each one dying by itself at the same moment.
    detached: true,
  });
  let exited = false;
  let stopping = false;
  running.add(child);
  child.once('exit', (code) => {
    exited = true;
    running.delete(child);
    if (!stopping) {
      process.stderr.write(`hcts: ${spec.name} exited with code ${code}\n${tail(spec.logFile)}\n`);
      onCrash();
    }
  });

  return {
    pid: child.pid,
    exited: () => exited,
    stop: async () => {
      stopping = true;
      if (exited) return;
      child.kill('SIGTERM');
      for (let waited = 0; !exited && waited < 15_000; waited += 100) await sleep(100);
      if (!exited) child.kill('SIGKILL');
    },
  };
}

/** Polls the ready path until it answers 200; fails with the log's tail if it never does. */
export async function waitUntilReady(spec: ProcessSpec, launched: Launched, timeoutMs = 180_000) {
  const url = `http://127.0.0.1:${spec.env.PORT ?? spec.port}${spec.readyPath ?? '/health/ready'}`;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (launched.exited()) throw new Error(`${spec.name} exited during start`);
    if (await answersReady(url)) return;
    await sleep(250);
  }
  throw new Error(`${spec.name} was not ready within ${timeoutMs} ms:\n${tail(spec.logFile)}`);
}

async function answersReady(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
    await response.body?.cancel();
    return response.status === 200;
  } catch {
    return false;
  }
}

export function tail(file: string, lines = 20): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}
