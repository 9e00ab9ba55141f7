import { spawn } from 'node:child_process';

/** Runs a command with inherited output and resolves with its exit code. */
export function runChild(
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: 'inherit', ...options });
    child.once('error', reject);
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

/** The pnpm that scripts/hcts.mjs installed, run with this Node. */
export function pnpm(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  const entry = process.env.HCTS_PNPM;
  if (!entry) throw new Error('HCTS_PNPM is not set: run through scripts/hcts.mjs');
  return runChild(process.execPath, [entry, ...args], options);
}
