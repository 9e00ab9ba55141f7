import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Runs one of these test processes to its end; resolves with the signal that ended it. */
export function runTestProcess(
  name: 'crashing-relay' | 'crashing-consumer',
  env: Record<string, string>,
): Promise<NodeJS.Signals | null> {
  const file = fileURLToPath(new URL(`./${name}.ts`, import.meta.url));
  const child = spawn(process.execPath, [file], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (_code, signal) => resolve(signal));
  });
}
