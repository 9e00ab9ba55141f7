import { testInfra, uniqueName } from '@hcts/test-harness';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { as, catalogTestApp } from '../../testing/catalog-test-app.ts';
import { redisCache } from './redis-cache.ts';

let t: Awaited<ReturnType<typeof catalogTestApp>>;
let redis: Redis;
const prefix = `${uniqueName('hcts:test:catalog')}:`;

beforeAll(async () => {
  redis = new Redis(testInfra().REDIS_URL);
  t = await catalogTestApp('catalog_cache', {
    cache: redisCache(redis, prefix, 300),
    env: { PORT: '0' },
  });
});
afterAll(async () => {
  await t?.catalog.stop();
  await t?.close();
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  redis?.disconnect();
});

describe('marketplace cache', () => {
  it('serves listings from Redis and drops them when a catalog event arrives', async () => {
    await t.catalog.start();
    const provider = uniqueName('provider');
    const word = `zyx${Date.now().toString(36)}`;
    const search = async () =>
      (
        await t.app.inject({
          method: 'GET',
          url: `/api/marketplace/services?q=${word}`,
          headers: as('insurer', 'ins'),
        })
      ).json().items;

    expect(await search()).toEqual([]);
    const generation = Number((await redis.get(`${prefix}gen:marketplace`)) ?? 0);
    expect((await redis.keys(`${prefix}marketplace:${generation}:*${word}*`)).length).toBe(1);

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

    // The relay publishes the event, the consumer bumps the generation: the stale entry is
    // unreachable after the consumer's lag, however long its time to live.
    await vi.waitFor(
      async () =>
        expect((await search()).map((s: { serviceId: string }) => s.serviceId)).toEqual([
          created.json().serviceId,
        ]),
      { timeout: 30_000, interval: 200 },
    );
    expect(Number(await redis.get(`${prefix}gen:marketplace`))).toBeGreaterThan(generation);
  });
});
