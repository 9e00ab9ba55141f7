import type { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';

import type { Hit, Rule } from './quota-leases.ts';
import { createQuotaLeases } from './quota-leases.ts';

export type { Hit, Rule };

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

  // The request path's limits: leased from Redis in shares, most requests pay no round trip.
  const { hitMany } = createQuotaLeases(redis, prefix);

  return { hit, peek, clear, hitMany };
}

export type Limiter = ReturnType<typeof createLimiter>;

function toHit(allowed: boolean, rule: Rule, res: RateLimiterRes): Hit {
  return {
    allowed,
    limit: rule.max,
    remaining: Math.max(0, res.remainingPoints),
    resetSeconds: Math.max(1, Math.ceil(res.msBeforeNext / 1000)),
  };
}
