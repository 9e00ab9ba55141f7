import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './paths.ts';

export interface Stack {
  kafka: { port: number; controllerPort: number; image: string };
  postgres: { port: number; image: string; databasePrefix: string };
  redis: { port: number; image: string };
  kurrentdb: { port: number; image: string };
  otelCollector: { port: number; image: string };
  services: Record<string, { port: number }>;
  variables: string[];
}

/** infra/stack.json: the one description that local scripts, tests and compose follow. */
export const stack: Stack = JSON.parse(readFileSync(join(repoRoot, 'infra', 'stack.json'), 'utf8'));

export const serviceNames = Object.keys(stack.services);

export function databaseName(service: string, prefix = stack.postgres.databasePrefix): string {
  return `${prefix}${service}`;
}
