import type { Redis } from 'ioredis';

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

/** A share of one window's quota, taken from Redis, that this instance hands out itself. */
interface Lease {
  /** Requests granted in the window across all instances when Redis last answered. */
  granted: number;
  /** Granted to this instance and not yet handed out. */
  left: number;
  /** Local time at which the Redis window has ended for sure. */
  endsAt: number;
}

interface Check {
  key: string;
  rule: Rule;
}

// Leases held at once; beyond it the expired ones go, and if that is not enough, all of them
// (their unused requests are lost to this window: callers are refused sooner, never later).
const maxLeases = 50_000;
const maxLeaseSize = 100;

/**
 * The fixed one-minute windows of the rate limits, counted in Redis and shared by every gateway
 * instance, without a Redis round trip on every request: an instance takes a lease of up to 5 %
 * of a window's quota (at most 100 requests) in one script call and hands it out locally; a
 * window that Redis reports full is refused locally until it ends.
 *
 * Redis counts every leased request, so the instances together never admit more than the limit
 * in a window. The price is the other way: requests leased by one instance and not used are
 * not available to the others, so with N instances a caller can be refused up to (N - 1) leases
 * early, and the `remaining` an instance reports ignores what the others handed out since its
 * last lease. Limits under 40 a window lease one request at a time, as exact as a plain counter.
 */
export function createQuotaLeases(redis: Redis, prefix: string, now: () => number = Date.now) {
  const leases = new Map<string, Lease>();
  redis.defineCommand('hctsLeaseQuota', { lua: leaseScript });
  const run = (redis as unknown as LeaseCommand).hctsLeaseQuota;

  const fromRedis = async (checks: readonly Check[], at: number) => {
    const keys = checks.map((c) => `${prefix}:w:${c.key}`);
    const args = checks.flatMap(({ rule }) => [
      String(rule.max),
      String(leaseSize(rule.max)),
      String(rule.windowSeconds * 1000),
    ]);
    const flat = await run.call(redis, keys.length, ...keys, ...args);

    return checks.map(({ key, rule }, i) => {
      // `at` is when the call left: Redis measured the time left later, so the window ends
      // no earlier here than in Redis.
      const taken = {
        granted: flat[3 * i]!,
        left: flat[3 * i + 2]!,
        endsAt: at + flat[3 * i + 1]!,
      };
      return take(merge(key, rule, taken), rule, at);
    });
  };

  const merge = (key: string, rule: Rule, taken: Lease): Lease => {
    const held = leases.get(key);
    const halfWindow = (rule.windowSeconds * 1000) / 2;
    if (held && Math.abs(held.endsAt - taken.endsAt) < halfWindow) {
      held.left += taken.left;
      held.granted = Math.max(held.granted, taken.granted);
      held.endsAt = Math.min(held.endsAt, taken.endsAt);
      return held;
    }
    // An answer about a window older than the one held only decides its own request.
    if (held && held.endsAt > taken.endsAt) return taken;

    if (leases.size >= maxLeases) sweep(leases, now());
    leases.set(key, taken);
    return taken;
  };

  /** Every limit of one request; at most one Redis round trip, none while leases last. */
  const hitMany = async (checks: readonly Check[]): Promise<Hit[]> => {
    const at = now();
    const hits: (Hit | undefined)[] = checks.map(({ key, rule }) => fromLease(key, rule, at));
    const missing = checks.filter((_, i) => hits[i] === undefined);
    if (missing.length === 0) return hits as Hit[];

    const fetched = await fromRedis(missing, at);
    return hits.map((hit) => hit ?? fetched.shift()!);
  };

  const fromLease = (key: string, rule: Rule, at: number): Hit | undefined => {
    const lease = leases.get(key);
    if (!lease || lease.endsAt <= at) return undefined;
    if (lease.left > 0) return take(lease, rule, at);

    // Redis counts only granted requests and never lowers a count within a window: a window
    // found full stays full until it ends.
    if (lease.granted >= rule.max) return take(lease, rule, at);
    return undefined;
  };

  return { hitMany };
}

/** Hands out one request of the lease, or refuses when it has none left. */
function take(lease: Lease, rule: Rule, at: number): Hit {
  const allowed = lease.left > 0;
  if (allowed) lease.left -= 1;
  return {
    allowed,
    limit: rule.max,
    remaining: Math.max(0, rule.max - (lease.granted - lease.left)),
    resetSeconds: Math.max(1, Math.ceil((lease.endsAt - at) / 1000)),
  };
}

/** 5 % of the limit, at most 100 requests; one request for limits under 40. */
export function leaseSize(max: number): number {
  return Math.max(1, Math.min(maxLeaseSize, Math.floor(max / 20)));
}

function sweep(leases: Map<string, Lease>, at: number) {
  for (const [key, lease] of leases) if (lease.endsAt <= at) leases.delete(key);
  if (leases.size >= maxLeases) leases.clear();
}

type LeaseCommand = {
  hctsLeaseQuota: (this: Redis, keyCount: number, ...args: string[]) => Promise<number[]>;
};

// Per key (ARGV: limit, lease size, window in ms): grant what is asked, or what is left of the
// limit; the first grant starts the window. Returns granted so far, time left, granted now.
// Known limit: the keys of one call must live on one node, so Redis Cluster would need hash
// tags in the keys; the platform runs one Redis.
const leaseScript = `
local out = {}
for i, key in ipairs(KEYS) do
  local max = tonumber(ARGV[3 * i - 2])
  local count = tonumber(redis.call('GET', key) or '0')
  local grant = math.min(tonumber(ARGV[3 * i - 1]), max - count)
  if grant > 0 then
    count = redis.call('INCRBY', key, grant)
  else
    grant = 0
  end
  local ttl = redis.call('PTTL', key)
  if ttl < 0 then
    ttl = tonumber(ARGV[3 * i])
    if count > 0 then redis.call('PEXPIRE', key, ttl) end
  end
  out[#out + 1] = count
  out[#out + 1] = ttl
  out[#out + 1] = grant
end
return out`;
