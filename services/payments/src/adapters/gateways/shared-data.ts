import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** The project's read-only input files live beside the repository, in shared/data. */
export const sharedDataDir = resolve(import.meta.dirname, '../../../../../../shared/data');

export function readShared(path: string): Buffer {
  return readFileSync(resolve(sharedDataDir, path));
}

export function readSharedJson<T = unknown>(path: string): T {
  return JSON.parse(readShared(path).toString('utf8')) as T;
}
