import { testInfra, uniqueName } from '@hcts/test-harness';
import { Redis } from 'ioredis';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { as, catalogTestApp } from '../../testing/catalog-test-app.ts';
import { redisCache } from './redis-cache.ts';

let t: Awaited<ReturnType<typeof catalogTestApp>>;
let redis: Redis;
const prefix = `${uniqueName('hcts:test:catalog')}:`;
const group = uniqueName('catalog-cache');

beforeAll(async () => {
  redis = new Redis(testInfra().REDIS_URL);
  const cache = redisCache(redis, prefix, 300);
  t = await catalogTestApp('catalog_cache', { cache, cacheGroup: group, env: { PORT: '0' } });
});
afterAll(async () => {
  await t?.catalog.stop();
  await t?.close();
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  redis?.disconnect();
});

const probe = {
  procedureCode: { system: 'LOCAL', code: 'PROBE' },
  careSetting: 'virtual',
  basePrice: { amountMinor: 1, currency: 'USD' },
};

/** A new group reads from the newest event on: probe until one of its events is handled. */
async function untilConsumerLive(): Promise<void> {
  await vi.waitFor(
    async () => {
      const payload = { ...probe, name: uniqueName('probe') };
      await t.app.inject({
        method: 'POST',
        url: '/api/services',
        headers: as('provider', 'probe'),
        payload,
      });
      const { rows } = await sql<{ n: number }>`
        select count(*)::int as n from bus_inbox where consumer_group = ${group}`.execute(t.db);
      expect(rows[0]?.n).toBeGreaterThan(0);
    },
    { timeout: 60_000, interval: 1_000 },
  );
}

describe('marketplace cache', () => {
  it('serves listings from Redis and drops them when a catalog event arrives', async () => {
    await t.catalog.start();
    await untilConsumerLive();
    const provider = uniqueName('provider');
    const word = `zyx${Date.now().toString(36)}`;
    const search = async () => {
      const url = `/api/marketplace/services?q=${word}`;
      const response = await t.app.inject({ method: 'GET', url, headers: as('insurer', 'ins') });
      return (response.json().items as { serviceId: string }[]).map((item) => item.serviceId);
    };

    expect(await search()).toEqual([]);
    expect((await redis.keys(`${prefix}marketplace:*${word}*`)).length).toBeGreaterThan(0);

    const created = await t.app.inject({
      method: 'POST',
      url: '/api/services',
      headers: as('provider', provider),
      payload: {
        name: `Service ${word}`,
        procedureCode: { system: 'LOCAL', code: 'X1' },
        careSetting: 'virtual',
        basePrice: { amountMinor: 100, currency: 'USD' },
        status: 'published',
      },
    });
    expect(created.statusCode).toBe(201);
    const serviceId = created.json().serviceId;

    // The relay publishes the event and the consumer bumps the generation: the stale entry is
    // unreachable after the consumer's lag, however long its time to live.
    await vi.waitFor(async () => expect(await search()).toEqual([serviceId]), {
      timeout: 30_000,
      interval: 200,
    });

    // Probe events (drafts) bump the generation as well; the inbox shows the publication, the
    // only one in this database, is handled too.
    const handled = async () => {
      const { rows } = await sql<{ n: number }>`
        select count(*)::int as n from bus_inbox
        where consumer_group = ${group} and event_type = 'hcts.catalog.service-published.v1'`.execute(
        t.db,
      );
      return rows[0]?.n;
    };
    await vi.waitFor(async () => expect(await handled()).toBe(1), {
      timeout: 30_000,
      interval: 200,
    });
  });
});
