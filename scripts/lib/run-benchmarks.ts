import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '@hcts/infra-local';
import { provideInfra } from '@hcts/test-harness';
import { pnpm } from './child.ts';
import { say } from './say.ts';

/** Workspace packages that declare a `bench` script, as [name, folder]. */
function benchmarkedPackages(): Array<[string, string]> {
  const found: Array<[string, string]> = [];
  for (const group of ['packages', 'services', 'bench']) {
    for (const entry of readdirSync(join(repoRoot, group))) {
      const dir = join(repoRoot, group, entry);
      try {
        const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
        if (manifest.scripts?.bench) found.push([manifest.name, dir]);
      } catch {
        // A folder without a package.json is not a workspace package yet.
      }
    }
  }
  return found;
}

/**
 * `npm run bench [-- name ...]`: every package's benchmark (or the named ones), one after the
 * other so that they do not compete for the two cores, against the same infrastructure.
 */
export async function runBenchmarks(args: string[]): Promise<number> {
  const infra = await provideInfra(say);
  const env = { ...process.env, ...infra.endpoints, HCTS_INFRA: 'env' };
  const wanted = benchmarkedPackages().filter(
    ([name]) => args.length === 0 || args.some((a) => name.includes(a)),
  );
  let failures = 0;
  try {
    for (const [name, dir] of wanted) {
      say(`benchmark ${name}`);
      if ((await pnpm(['run', 'bench'], { cwd: dir, env })) !== 0) failures += 1;
    }
  } finally {
    await infra.stop();
  }
  if (wanted.length === 0) say('no package declares a bench script');
  return failures === 0 ? 0 : 1;
}
