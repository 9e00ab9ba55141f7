import { testInfra, uniqueName } from '@hcts/test-harness';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hit, Rule } from './quota-leases.ts';
import { createQuotaLeases, leaseSize } from './quota-leases.ts';

let redis: Redis;
const prefix = uniqueName('gwt-leases');

beforeAll(() => {
  redis = new Redis(testInfra().REDIS_URL);
});
afterAll(async () => {
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
});

/** `count` requests one after the other against one key, as one gateway instance sees them. */
async function hitSequence(
  leases: ReturnType<typeof createQuotaLeases>,
  key: string,
  rule: Rule,
  count: number,
): Promise<Hit[]> {
  const hits: Hit[] = [];
  for (let i = 0; i < count; i += 1) hits.push(...(await leases.hitMany([{ key, rule }])));
  return hits;
}

const counted = async (key: string) => Number(await redis.get(`${prefix}:w:${key}`));

describe('quota leases', () => {
  it('admits exactly the limit, counting down, then refuses until the window ends', async () => {
    const leases = createQuotaLeases(redis, prefix);
    const rule = { max: 5, windowSeconds: 60 };
    const key = uniqueName('user');

    const hits = await hitSequence(leases, key, rule, 8);

    expect(hits.map((h) => h.allowed)).toEqual([true, true, true, true, true, false, false, false]);
    expect(hits.map((h) => h.remaining)).toEqual([4, 3, 2, 1, 0, 0, 0, 0]);
    expect(hits.every((h) => h.limit === 5 && h.resetSeconds > 0 && h.resetSeconds <= 60)).toBe(
      true,
    );
    expect(await counted(key)).toBe(5);
  });

  it('takes a share of the quota per round trip on large limits', async () => {
    const leases = createQuotaLeases(redis, prefix);
    const rule = { max: 2_000, windowSeconds: 60 };
    const key = uniqueName('address');

    const hits = await hitSequence(leases, key, rule, 250);

    expect(leaseSize(rule.max)).toBe(100);
    expect(hits.every((h) => h.allowed)).toBe(true);
    expect(hits.at(-1)!.remaining).toBe(1_750);
    expect(await counted(key)).toBe(300);
  });

  it('never admits more than the limit across instances, and refuses at most a lease early', async () => {
    const instances = [createQuotaLeases(redis, prefix), createQuotaLeases(redis, prefix)];
    const rule = { max: 1_000, windowSeconds: 60 };
    const key = uniqueName('user');

    let admitted = 0;
    for (let i = 0; i < 1_500; i += 1) {
      const [hit] = await instances[i % 2]!.hitMany([{ key, rule }]);
      if (hit!.allowed) admitted += 1;
    }

    expect(admitted).toBeLessThanOrEqual(1_000);
    expect(admitted).toBeGreaterThanOrEqual(1_000 - leaseSize(rule.max));
    expect(await counted(key)).toBe(1_000);
  });

  it('answers every limit of a request at once, and each limit counts on its own', async () => {
    const leases = createQuotaLeases(redis, prefix);
    const tight = { key: uniqueName('route'), rule: { max: 2, windowSeconds: 60 } };
    const loose = { key: uniqueName('address'), rule: { max: 1_000, windowSeconds: 60 } };

    const answers: Hit[][] = [];
    for (let i = 0; i < 3; i += 1) answers.push(await leases.hitMany([loose, tight]));

    expect(answers.map(([l, t]) => [l!.allowed, t!.allowed])).toEqual([
      [true, true],
      [true, true],
      [true, false],
    ]);
    expect(answers[2]![0]!.remaining).toBe(997);
  });

  it('starts a fresh window once the old one has ended', async () => {
    const leases = createQuotaLeases(redis, prefix);
    const rule = { max: 2, windowSeconds: 1 };
    const key = uniqueName('user');

    const first = await hitSequence(leases, key, rule, 3);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const second = await hitSequence(leases, key, rule, 1);

    expect(first.map((h) => h.allowed)).toEqual([true, true, false]);
    expect(second[0]!.allowed).toBe(true);
    expect(second[0]!.remaining).toBe(1);
  });
});
