#!/usr/bin/env node
// Entry point of `npm start` and `npm test` on a machine that may only have Node 20 or newer.
// It brings Node 24 and the pinned pnpm into a cache folder outside the repository when the
// machine lacks them, installs the workspace from its lockfile, and hands over to the
// TypeScript runner in scripts/run.ts under Node 24. Plain JavaScript, no dependencies, so
// that it runs on any Node that can start it. Safe to run again: every step reuses what is
// already there.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const NODE_MAJOR = 24;
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cacheDir = process.env.HCTS_CACHE_DIR ?? join(homedir(), '.cache', 'hcts');

function say(message) {
  process.stdout.write(`hcts: ${message}\n`);
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', ...options });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

function mustRun(command, args, options = {}) {
  const status = run(command, args, options);
  if (status !== 0) {
    say(`'${command} ${args.join(' ')}' failed with exit code ${status}`);
    process.exit(status);
  }
}

// Node's own binary is published on the npm registry as node-<platform>-<arch>.
function ensureNode24() {
  const dir = join(cacheDir, `node-${NODE_MAJOR}`);
  const pkg = `node-${process.platform}-${process.arch}`;
  const binary = join(dir, 'node_modules', pkg, 'bin', 'node');
  if (existsSync(binary)) return binary;

  say(`Node ${process.versions.node} is older than ${NODE_MAJOR}: fetching Node ${NODE_MAJOR}`);
  mkdirSync(dir, { recursive: true });
  mustRun('npm', [
    'install',
    '--prefix',
    dir,
    '--no-save',
    '--no-audit',
    '--no-fund',
    `${pkg}@${NODE_MAJOR}`,
  ]);
  if (!existsSync(binary)) {
    say(`npm installed ${pkg} but ${binary} is missing`);
    process.exit(1);
  }
  return binary;
}

function pinnedPnpmVersion() {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  return manifest.packageManager.replace(/^pnpm@/, '');
}

// pnpm goes into its own cache folder; a `pnpm` shim there lets turbo and people find it.
function ensurePnpm() {
  const version = pinnedPnpmVersion();
  const dir = join(cacheDir, `pnpm-${version}`);
  const entry = join(dir, 'node_modules', 'pnpm', 'bin', 'pnpm.mjs');
  const shim = join(dir, 'bin', 'pnpm');
  if (!existsSync(entry)) {
    say(`installing pnpm ${version}`);
    mkdirSync(dir, { recursive: true });
    mustRun('npm', [
      'install',
      '--prefix',
      dir,
      '--no-save',
      '--no-audit',
      '--no-fund',
      '--ignore-scripts',
      `pnpm@${version}`,
    ]);
  }
  if (!existsSync(shim)) {
    mkdirSync(dirname(shim), { recursive: true });
    writeFileSync(shim, `#!/bin/sh\nexec "${process.execPath}" "${entry}" "$@"\n`, { mode: 0o755 });
  }
  return { entry, binDir: dirname(shim) };
}

function underNode24() {
  return Number(process.versions.node.split('.')[0]) >= NODE_MAJOR;
}

function main() {
  const args = process.argv.slice(2);
  if (!underNode24()) {
    const node = ensureNode24();
    const path = `${dirname(node)}:${process.env.PATH ?? ''}`;
    const status = run(node, [fileURLToPath(import.meta.url), ...args], {
      env: { ...process.env, PATH: path },
    });
    process.exit(status);
  }

  const pnpm = ensurePnpm();
  const env = {
    ...process.env,
    HCTS_PNPM: pnpm.entry,
    PATH: `${pnpm.binDir}:${dirname(process.execPath)}:${process.env.PATH}`,
    TURBO_TELEMETRY_DISABLED: '1',
  };
  say('installing workspace dependencies from the lockfile');
  const frozen = existsSync(join(root, 'pnpm-lock.yaml')) ? ['--frozen-lockfile'] : [];
  mustRun(process.execPath, [pnpm.entry, 'install', '--prefer-offline', ...frozen], {
    cwd: root,
    env,
  });

  const status = run(process.execPath, [join(root, 'scripts', 'run.ts'), ...args], {
    cwd: root,
    env,
  });
  process.exit(status);
}

main();
