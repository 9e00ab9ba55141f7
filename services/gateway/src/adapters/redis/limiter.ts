import type { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';

export interface Rule {
  max: number;
  windowSeconds: number;
}

export interface Hit {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the window resets (or the block lifts). */
  resetSeconds: number;
}

/**
 * Fixed-window counters in Redis, shared by every gateway instance. One limiter object per
 * distinct rule, made on first use; a key counts only against the rule it was hit with.
 */
export function createLimiter(redis: Redis, prefix: string) {
  const limiters = new Map<string, RateLimiterRedis>();

  const limiterFor = (rule: Rule, blockSeconds = 0) => {
    const id = `${rule.max}/${rule.windowSeconds}/${blockSeconds}`;
    let limiter = limiters.get(id);
    if (!limiter) {
      limiter = new RateLimiterRedis({
        storeClient: redis,
        keyPrefix: `${prefix}:${id}`,
        points: rule.max,
        duration: rule.windowSeconds,
        blockDuration: blockSeconds,
      });
      limiters.set(id, limiter);
    }
    return limiter;
  };

  const hit = async (key: string, rule: Rule, blockSeconds = 0): Promise<Hit> => {
    try {
      const res = await limiterFor(rule, blockSeconds).consume(key);
      return toHit(true, rule, res);
    } catch (error) {
      if (error instanceof RateLimiterRes) return toHit(false, rule, error);
      throw error;
    }
  };

  const peek = async (key: string, rule: Rule, blockSeconds = 0): Promise<Hit> => {
    const res = await limiterFor(rule, blockSeconds).get(key);
    if (!res) return { allowed: true, limit: rule.max, remaining: rule.max, resetSeconds: 0 };
    return toHit(res.consumedPoints <= rule.max, rule, res);
  };

  const clear = (key: string, rule: Rule, blockSeconds = 0) =>
    limiterFor(rule, blockSeconds).delete(key);

  // Every limit of one request in a single round trip: the request path pays one Redis call.
  redis.defineCommand('hctsHitMany', { lua: hitManyScript });
  const hitMany = async (checks: readonly { key: string; rule: Rule }[]): Promise<Hit[]> => {
    const keys = checks.map((c) => `${prefix}:w:${c.key}`);
    const windows = checks.map((c) => String(c.rule.windowSeconds * 1000));
    const run = (redis as unknown as HitManyCommand).hctsHitMany;
    const flat = await run.call(redis, keys.length, ...keys, ...windows);
    return checks.map(({ rule }, i) => {
      const count = flat[2 * i]!;
      return {
        allowed: count <= rule.max,
        limit: rule.max,
        remaining: Math.max(0, rule.max - count),
        resetSeconds: Math.max(1, Math.ceil(flat[2 * i + 1]! / 1000)),
      };
    });
  };

  return { hit, peek, clear, hitMany };
}

type HitManyCommand = {
  hctsHitMany: (this: Redis, keyCount: number, ...args: string[]) => Promise<number[]>;
};

// Fixed windows: count, start the window on the first hit, report count and time left.
// Known limit: the keys of one call must live on one node, so Redis Cluster would need hash
// tags in the keys; the platform runs one Redis.
const hitManyScript = `
local out = {}
for i, key in ipairs(KEYS) do
  local count = redis.call('INCR', key)
  local ttl = redis.call('PTTL', key)
  if ttl < 0 then
    redis.call('PEXPIRE', key, ARGV[i])
    ttl = tonumber(ARGV[i])
  end
  out[#out + 1] = count
  out[#out + 1] = ttl
end
return out`;
export type Limiter = ReturnType<typeof createLimiter>;

function toHit(allowed: boolean, rule: Rule, res: RateLimiterRes): Hit {
  return {
    allowed,
    limit: rule.max,
    remaining: Math.max(0, res.remainingPoints),
    resetSeconds: Math.max(1, Math.ceil(res.msBeforeNext / 1000)),
  };
}
