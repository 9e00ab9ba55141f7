// The commands behind `npm start`, `npm test`, `npm run demo`, `npm run infra` and
// `npm run bench`, run under Node 24 by scripts/hcts.mjs once the workspace is installed.
import { InfraError } from '@hcts/infra-local';
import { runInfraCommand } from './lib/infra-command.ts';
import { runBenchmarks } from './lib/run-benchmarks.ts';
import { runTests } from './lib/run-tests.ts';
import { startPlatform } from './lib/start-platform.ts';

const commands: Record<string, (args: string[]) => Promise<number>> = {
  start: startPlatform,
  test: runTests,
  infra: runInfraCommand,
  bench: runBenchmarks,
};

const [name = '', ...args] = process.argv.slice(2);
const command = commands[name];
if (!command) {
  console.error(`usage: node scripts/hcts.mjs ${Object.keys(commands).join('|')} [args]`);
  process.exit(2);
}

command(args).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof InfraError ? `hcts: ${error.message}` : error);
    process.exit(1);
  },
);
