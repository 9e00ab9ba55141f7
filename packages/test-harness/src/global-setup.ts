import type { TestProject } from 'vitest/node';
import './provided-context.ts';
import { provideInfra } from './provide-infra.ts';

/** Vitest global setup: infrastructure once per run, handed to every test file by inject(). */
export default async function setup(project: TestProject) {
  const infra = await provideInfra((line) => process.stdout.write(`test-infra: ${line}\n`));
  project.provide('infra', infra.endpoints);
  Object.assign(process.env, infra.endpoints);
  return () => infra.stop();
}
