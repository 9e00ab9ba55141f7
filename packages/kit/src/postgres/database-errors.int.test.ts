import { createServer } from 'node:net';
import { createTestDatabase } from '@hcts/test-harness';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createService } from '../http/create-service.ts';
import { createDatabase } from './create-database.ts';

/** A local port that was just free: connecting to it is refused. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (typeof address !== 'object' || address === null) throw new Error('no port');
  return address.port;
}

async function serviceOver(url: string) {
  const database = createDatabase<unknown>({ url, connectionTimeoutMs: 2_000 });
  const service = await createService({
    name: 'dberrors',
    config: { HOST: '127.0.0.1', PORT: 0, LOG_LEVEL: 'silent' },
    database,
    routes: (app) => {
      app.get('/now', async () => (await sql`select now() as now`.execute(database.db)).rows);
      app.post('/text', async (request) => {
        const { text } = request.body as { text: string };
        await sql`select ${text}::text as t`.execute(database.db);
        await sql`select ${JSON.stringify({ text })}::jsonb as j`.execute(database.db);
        return { ok: true };
      });
    },
  });
  return { service, database };
}

describe('database failures at the HTTP edge', () => {
  let testDb: Awaited<ReturnType<typeof createTestDatabase>>;
  let live: Awaited<ReturnType<typeof serviceOver>>;

  beforeAll(async () => {
    testDb = await createTestDatabase('kit_dberrors');
    live = await serviceOver(testDb.url);
  });

  afterAll(async () => {
    await live?.service.stop();
    await testDb?.drop();
  });

  it('answers 503 KIT_DATABASE_UNAVAILABLE while the database cannot be reached', async () => {
    const down = await serviceOver(`postgres://postgres@127.0.0.1:${await closedPort()}/none`);
    try {
      const res = await down.service.app.inject({ method: 'GET', url: '/now' });

      expect(res.statusCode).toBe(503);
      expect(res.json()).toMatchObject({ code: 'KIT_DATABASE_UNAVAILABLE', status: 503 });
    } finally {
      await down.service.stop();
    }
  });

  it('answers 400 KIT_TEXT_UNSTORABLE for a NUL the database refuses', async () => {
    const ok = await live.service.app.inject({
      method: 'POST',
      url: '/text',
      payload: { text: 'a' },
    });
    const nul = await live.service.app.inject({
      method: 'POST',
      url: '/text',
      payload: { text: 'a\u0000b' },
    });

    expect(ok.statusCode).toBe(200);
    expect(nul.statusCode).toBe(400);
    expect(nul.json().code).toBe('KIT_TEXT_UNSTORABLE');
  });
});
