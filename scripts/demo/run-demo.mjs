#!/usr/bin/env node
// Entry of `npm run demo`. The trading day is TypeScript run by Node 24; `npm start` has put
// Node 24 in the cache folder when the machine's Node is older, so this only picks the right
// Node and hands over. Plain JavaScript so that any Node can start it.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const cacheDir = process.env.HCTS_CACHE_DIR ?? join(homedir(), '.cache', 'hcts');
const cached = join(
  cacheDir,
  'node-24',
  'node_modules',
  `node-${process.platform}-${process.arch}`,
  'bin',
  'node',
);
const modern = Number(process.versions.node.split('.')[0]) >= 24;
const node = modern ? process.execPath : cached;

if (!existsSync(node)) {
  process.stderr.write("hcts: Node 24 is not in the cache yet: run 'npm start' first\n");
  process.exit(1);
}
const result = spawnSync(node, [join(here, 'trading-day.ts'), ...process.argv.slice(2)], {
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
