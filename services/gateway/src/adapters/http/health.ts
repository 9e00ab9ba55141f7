import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Upstream } from '../../config.ts';

type Check = { ok: boolean; detail?: string };

/**
 * /health/live answers while the process runs; /health/ready answers 200 only when the
 * gateway's database and Redis answer and every service this deployment runs (the configured
 * upstreams) says it is ready; absent services are not probed. Each
 * probe asks them all afresh (one light request each, at the probe's own interval).
 */
export function registerHealth(
  app: FastifyInstance,
  deps: { db: Kysely<unknown>; redis: Redis; upstreams: Partial<Record<Upstream, string>> },
) {
  const probe = async (): Promise<Record<string, Check>> => {
    const upstreams = Object.entries(deps.upstreams).map(
      async ([name, url]) => [name, await upstreamReady(url)] as const,
    );
    const checks = await Promise.all([
      (async () => ['database', await attempt(() => sql`select 1`.execute(deps.db))] as const)(),
      (async () => ['redis', await attempt(() => deps.redis.ping())] as const)(),
      ...upstreams,
    ]);
    return Object.fromEntries(checks);
  };

  app.get('/health/live', async () => ({ status: 'ok' }));

  app.get('/health/ready', async (_request, reply) => {
    const checks = await probe();
    const ready = Object.values(checks).every((c) => c.ok);
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not-ready', checks });
  });
}

async function attempt(work: () => Promise<unknown>): Promise<Check> {
  try {
    await work();
    return { ok: true };
  } catch (error) {
    return { ok: false, detail: error instanceof Error ? error.message : 'failed' };
  }
}

async function upstreamReady(baseUrl: string): Promise<Check> {
  try {
    const answer = await fetch(`${baseUrl}/health/ready`, { signal: AbortSignal.timeout(1_000) });
    await answer.body?.cancel();
    return answer.ok ? { ok: true } : { ok: false, detail: `status ${answer.status}` };
  } catch {
    return { ok: false, detail: 'not answering' };
  }
}
