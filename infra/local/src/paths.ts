import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** Downloads (Node, pnpm, Kafka jars) live here, outside the repository, and are reused. */
export const cacheDir = process.env.HCTS_CACHE_DIR ?? join(homedir(), '.cache', 'hcts');

/** Broker data, logs and pid files of the local infrastructure. */
export const stateDir = process.env.HCTS_STATE_DIR ?? join(cacheDir, 'state');
