import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { createTestDatabase } from '@hcts/test-harness';
import pg from 'pg';
import { describe, expect, it } from 'vitest';

const tinyService = fileURLToPath(new URL('./fixtures/tiny-service.ts', import.meta.url));

const register = fileURLToPath(new URL('../telemetry/register.ts', import.meta.url));

function spawnTiny(env: Record<string, string>, args: string[] = [], nodeArgs: string[] = []) {
  const child = spawn(process.execPath, [...nodeArgs, tinyService, ...args], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  return { child, exited, stdout: () => stdout, stderr: () => stderr };
}

describe('a service process with a bad environment', () => {
  it('exits 1 and names every missing or malformed variable on stderr', async () => {
    const run = spawnTiny({ SERVICE_NAME: 'tiny', PORT: 'eighty', DATABASE_URL: 'http://x' });

    expect(await run.exited).toBe(1);
    expect(run.stderr()).toContain('invalid configuration');
    expect(run.stderr()).toMatch(/PORT: /);
    expect(run.stderr()).toMatch(/DATABASE_URL: a postgres:\/\/ URL/);
    expect(run.stderr()).toMatch(/TINY_GREETING: required but not set/);
    expect(run.stderr()).not.toContain('SERVICE_NAME');
  });
});

describe('a service process with a good environment', () => {
  it('serves, then stops on SIGTERM with exit code 0', async () => {
    const database = await createTestDatabase('kit_tiny');
    const run = spawnTiny({
      SERVICE_NAME: 'tiny',
      PORT: '0',
      DATABASE_URL: database.url,
      TINY_GREETING: 'hello',
    });
    const url = await listeningUrl(run);

    const res = await fetch(`${url}/greeting`);
    expect(await res.json()).toEqual({ greeting: 'hello' });

    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    expect(run.stdout()).toContain('service stopped');
    await database.drop();
  });

  it('applies the migrations of its folder with the migrate command, then exits 0', async () => {
    const database = await createTestDatabase('kit_tiny');
    const run = spawnTiny(
      { SERVICE_NAME: 'tiny', DATABASE_URL: database.url, TINY_GREETING: 'hello' },
      ['migrate'],
    );

    expect(await run.exited).toBe(0);
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    const { rows } = await client.query('select name from kit_migration order by name');
    await client.end();
    expect(rows).toEqual([{ name: '0001_greeting' }]);
    expect(run.stdout()).not.toContain('service listening');
    await database.drop();
  });
});

/** Waits for the "service listening" log line and reads the bound URL from it. */
async function listeningUrl(run: ReturnType<typeof spawnTiny>): Promise<string> {
  for (;;) {
    if (run.child.exitCode !== null) throw new Error(`exited early: ${run.stderr()}`);
    const line = run
      .stdout()
      .split('\n')
      .find((l) => l.includes('service listening'));
    if (line) return (JSON.parse(line) as { url: string }).url;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('a service process started with the telemetry register hook', () => {
  it('traces its HTTP requests when an exporter is named', async () => {
    const database = await createTestDatabase('kit_tiny');
    const env = { SERVICE_NAME: 'tiny', PORT: '0', DATABASE_URL: database.url };
    // Request lines are debug (see RequestLog); this test reads one for its trace id.
    const run = spawnTiny(
      { ...env, TINY_GREETING: 'hello', OTEL_TRACES_EXPORTER: 'console', LOG_LEVEL: 'debug' },
      [],
      ['--import', register],
    );
    const url = await listeningUrl(run);

    await fetch(`${url}/greeting`);
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);

    const completed = run
      .stdout()
      .split('\n')
      .filter((l) => l.startsWith('{"'))
      .map((l) => JSON.parse(l) as { msg?: string; traceId?: string })
      .find((l) => l.msg === 'request completed');
    expect(completed?.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(run.stdout()).toContain(`traceId: '${completed?.traceId}'`);
    await database.drop();
  });
});
