import { spawn } from 'node:child_process';
import { openSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

export interface ProcessSpec {
  name: string;
  entry: string;
  port: number;
  logFile: string;
  env: Record<string, string>;
}

export interface Launched {
  exited: () => boolean;
  stop: () => Promise<void>;
}

/** Starts `node <entry>` with its output in its log file; `onCrash` runs if it dies alone. */
export function launchProcess(spec: ProcessSpec, onCrash: () => void): Launched {
  const out = openSync(spec.logFile, 'a');
  const child = spawn(process.execPath, [spec.entry], {
    env: { ...process.env, ...spec.env },
    stdio: ['ignore', out, out],
  });
  let exited = false;
  let stopping = false;
  child.once('exit', (code) => {
    exited = true;
    if (!stopping) {
      process.stderr.write(`hcts: ${spec.name} exited with code ${code}\n${tail(spec.logFile)}\n`);
      onCrash();
    }
  });

  return {
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

/** Polls GET /health/ready until it answers 200; fails with the log's tail if it never does. */
export async function waitUntilReady(spec: ProcessSpec, launched: Launched, timeoutMs = 90_000) {
  const url = `http://127.0.0.1:${spec.env.PORT}/health/ready`;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (launched.exited()) throw new Error(`${spec.name} exited during start`);
    const ok = await fetch(url, { signal: AbortSignal.timeout(2_000) }).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) return;
    await sleep(250);
  }
  throw new Error(`${spec.name} was not ready within ${timeoutMs} ms:\n${tail(spec.logFile)}`);
}

function tail(file: string, lines = 20): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}
