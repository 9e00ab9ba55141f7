import type { Redis } from 'ioredis';
import type { ReadThroughCache } from '../../app/read-through-cache.ts';

/**
 * Read-through cache in Redis. Entries expire by TTL; a namespace is invalidated by bumping its
 * generation counter, which is part of every key of the namespace, so one INCR makes all of its
 * entries unreachable at once. A Redis failure degrades to reading the database.
 */
export function redisCache(redis: Redis, prefix: string, ttlSeconds: number): ReadThroughCache {
  return {
    read: async <T>(key: string, load: () => Promise<T>): Promise<T> => {
      const cached = await redis.get(`${prefix}${key}`).catch(() => null);
      if (cached !== null) return JSON.parse(cached) as T;

      const value = await load();
      await redis
        .set(`${prefix}${key}`, JSON.stringify(value), 'EX', ttlSeconds)
        .catch(() => undefined);
      return value;
    },
    generation: async (namespace) => {
      const value = await redis.get(`${prefix}gen:${namespace}`).catch(() => null);
      return value === null ? 0 : Number(value);
    },
    invalidate: async (namespace) => {
      await redis.incr(`${prefix}gen:${namespace}`);
    },
  };
}
