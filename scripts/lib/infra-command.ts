import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '@hcts/infra-local';

/** `npm run infra -- start|stop|status`: the local broker and databases on their own. */
export async function runInfraCommand(args: string[]): Promise<number> {
  const cli = join(repoRoot, 'infra', 'local', 'src', 'cli.ts');
  return spawnSync(process.execPath, [cli, ...args], { stdio: 'inherit' }).status ?? 1;
}
