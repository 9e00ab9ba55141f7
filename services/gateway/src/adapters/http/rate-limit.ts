import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Caller } from '../../app/authorize.ts';
import type { SecurityEvents } from '../../app/ports.ts';
import { SecurityEventTypes } from '../../app/ports.ts';
import type { RouteEntry } from '../../app/route-table.ts';
import { GatewayError } from '../../domain/errors.ts';
import type { Hit, Limiter, Rule } from '../redis/limiter.ts';

const minute = 60;

/** The limits of a request's rate limit, as the gateway is configured. */
export interface RateLimits {
  perMinute: number;
  addressPerMinute: number;
  authPostAddressPerMinute?: number | undefined;
  verifyAddressPerMinute?: number | undefined;
}

/**
 * Counts a request against every limit that applies to it: the caller's address (the route's
 * own per-address limit where it has one, else the general one), and the user (per route) or
 * the API key. The tightest one goes in the `RateLimit` and `RateLimit-Policy` headers (IETF
 * draft), and a breach is a 429 with `Retry-After` and a security event.
 */
export function createRateLimit(limiter: Limiter, limits: RateLimits, security: SecurityEvents) {
  return async (
    request: FastifyRequest,
    reply: FastifyReply,
    route: RouteEntry,
    caller: Caller | undefined,
  ) => {
    const routeId = `${route.method} ${route.path}`;
    const checks = limitChecks(route, limits, request.ip, caller);

    const hits = await limiter.hitMany(checks.map(([, key, rule]) => ({ key, rule })));
    const tightest = pickTightest(hits);
    const name = checks[hits.indexOf(tightest)]?.[0] ?? 'address';
    reply.header('ratelimit-policy', `"${name}";q=${tightest.limit};w=${minute}`);
    reply.header('ratelimit', `"${name}";r=${tightest.remaining};t=${tightest.resetSeconds}`);
    if (tightest.allowed) return;

    await security.record({
      type: SecurityEventTypes.rateLimited,
      subject: caller?.apiKey?.id ?? caller?.userId,
      address: request.ip,
      details: { limit: name, route: routeId },
    });
    const seconds = String(tightest.resetSeconds);
    throw new GatewayError('GATEWAY_RATE_LIMITED', { seconds }, { 'retry-after': seconds });
  };
}

type LimitCheck = [name: string, key: string, rule: Rule];

/**
 * A route with its own per-address limit is counted against that one instead of the general
 * address limit: tighter on sign-in and verification, wider on payment providers' webhooks,
 * whose volume follows sales from a few addresses (the general limit would cap purchases).
 */
export function limitChecks(
  route: RouteEntry,
  limits: RateLimits,
  address: string,
  caller: Caller | undefined,
): LimitCheck[] {
  const routeId = `${route.method} ${route.path}`;
  const perRoute = routeLimit(route, limits);
  const checks: LimitCheck[] =
    perRoute === undefined
      ? [['address', `ip:${address}`, { max: limits.addressPerMinute, windowSeconds: minute }]]
      : [['route', `route:${routeId}:${address}`, { max: perRoute, windowSeconds: minute }]];
  if (caller?.apiKey) {
    const rule = { max: caller.apiKey.perMinute, windowSeconds: minute };
    checks.push(['api-key', `key:${caller.apiKey.id}`, rule]);
  } else if (caller) {
    const rule = { max: limits.perMinute, windowSeconds: minute };
    checks.push(['user', `user:${caller.userId}:${routeId}`, rule]);
  }
  return checks;
}

/**
 * The route's own per-address limit; a configured one replaces the table's on auth POSTs and
 * on certificate verification.
 */
export function routeLimit(
  route: RouteEntry,
  limits: {
    authPostAddressPerMinute?: number | undefined;
    verifyAddressPerMinute?: number | undefined;
  },
): number | undefined {
  const authPost = limits.authPostAddressPerMinute;
  if (authPost !== undefined && route.target === 'identity' && route.method === 'POST') {
    return authPost;
  }
  if (route.path === verifyPath) return limits.verifyAddressPerMinute ?? route.perAddressPerMinute;
  return route.perAddressPerMinute;
}

const verifyPath = '/api/certificates/verify/:code';

function pickTightest(hits: Hit[]): Hit {
  const refused = hits.filter((h) => !h.allowed);
  const pool = refused.length > 0 ? refused : hits;
  return pool.reduce((a, b) => (b.remaining < a.remaining ? b : a));
}
