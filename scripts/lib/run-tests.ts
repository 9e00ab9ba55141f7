import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '@hcts/infra-local';
import { provideInfra } from '@hcts/test-harness';
import { pnpm, runChild } from './child.ts';
import { say } from './say.ts';

interface Tally {
  passed: number;
  failed: number;
  skipped: number;
}

/**
 * `npm test`: infrastructure up, static checks (format, lint, import boundaries, types), every
 * vitest project, infrastructure that this run started stopped again. The last line is the
 * plain `N passed, N failed` that CI reads; a failed static check counts as one failure.
 */
export async function runTests(args: string[]): Promise<number> {
  const tally: Tally = { passed: 0, failed: 0, skipped: 0 };
  const infra = await provideInfra(say);
  const env = { ...process.env, ...infra.endpoints, HCTS_INFRA: 'env' };

  try {
    await installSystemPackages();
    for (const [name, run] of staticChecks(env)) {
      say(`${name}...`);
      const code = await run();
      if (code === 0) tally.passed += 1;
      else {
        tally.failed += 1;
        say(`${name} failed`);
      }
    }
    addVitest(tally, await runVitest(args, env));
  } finally {
    await infra.stop();
  }

  const skipped = tally.skipped ? `, ${tally.skipped} skipped` : '';
  console.log(`${tally.passed} passed, ${tally.failed} failed${skipped}`);
  return tally.failed === 0 && tally.passed > 0 ? 0 : 1;
}

/**
 * Debian tools some tests need (pdftoppm, ...). A soft step: when apt cannot run, the tests that
 * need a missing tool fail and name it, and the rest of the run goes on.
 */
async function installSystemPackages(): Promise<void> {
  say('system packages...');
  const code = await runChild('bash', [join(repoRoot, 'scripts', 'system-packages.sh')]).catch(
    () => 1,
  );
  if (code !== 0) say('system packages could not be installed: tests that need them will fail');
}

function staticChecks(env: NodeJS.ProcessEnv): Array<[string, () => Promise<number>]> {
  const node = process.execPath;
  return [
    ['format and lint (biome)', () => pnpm(['exec', 'biome', 'ci', '.'], { cwd: repoRoot, env })],
    ['import boundaries', () => runChild(node, [join(repoRoot, 'scripts', 'check-boundaries.ts')])],
    [
      'typecheck (turbo)',
      () =>
        pnpm(['exec', 'turbo', 'run', 'typecheck', '--output-logs=errors-only'], {
          cwd: repoRoot,
          env,
        }),
    ],
  ];
}

interface VitestReport {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  testResults: Array<{ status: string; assertionResults: Array<{ status: string }> }>;
}

async function runVitest(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<VitestReport | undefined> {
  const dir = join(repoRoot, '.artifacts');
  const output = join(dir, 'vitest.json');
  mkdirSync(dir, { recursive: true });
  rmSync(output, { force: true });

  say('vitest...');
  await pnpm(
    [
      'exec',
      'vitest',
      'run',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${output}`,
      ...args,
    ],
    { cwd: repoRoot, env },
  );
  return existsSync(output)
    ? (JSON.parse(readFileSync(output, 'utf8')) as VitestReport)
    : undefined;
}

function addVitest(tally: Tally, report: VitestReport | undefined): void {
  if (!report) {
    say('vitest wrote no report: counted as one failure');
    tally.failed += 1;
    return;
  }

  // A file that fails to load has no test results of its own but is a failure all the same.
  const brokenFiles = report.testResults.filter(
    (file) => file.status === 'failed' && !file.assertionResults.some((t) => t.status === 'failed'),
  ).length;
  tally.passed += report.numPassedTests;
  tally.failed += report.numFailedTests + brokenFiles;
  tally.skipped += report.numPendingTests + report.numTodoTests;
}
