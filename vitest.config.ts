import { defineConfig } from 'vitest/config';

// One run over every workspace package. Integration tests find Kafka, Postgres and Redis
// through the harness's global setup (variables, testcontainers, or local infrastructure).
export default defineConfig({
  test: {
    include: ['{packages,services,apps,infra,scripts,e2e}/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    globalSetup: ['./packages/test-harness/src/global-setup.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ['default'],
  },
});
