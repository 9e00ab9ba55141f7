import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Caller } from '../../app/authorize.ts';
import type { SecurityEvents } from '../../app/ports.ts';
import { SecurityEventTypes } from '../../app/ports.ts';
import type { RouteEntry } from '../../app/route-table.ts';
import { GatewayError } from '../../domain/errors.ts';
import type { Hit, Limiter, Rule } from '../redis/limiter.ts';

const minute = 60;

/**
 * Counts a request against every limit that applies to it: the caller's address, the route's
 * own per-address limit, and the user (per route) or the API key. The tightest one goes in the
 * `RateLimit` and `RateLimit-Policy` headers (IETF draft), and a breach is a 429 with
 * `Retry-After` and a security event.
 */
export function createRateLimit(
  limiter: Limiter,
  limits: {
    perMinute: number;
    addressPerMinute: number;
    authPostAddressPerMinute?: number | undefined;
    verifyAddressPerMinute?: number | undefined;
  },
  security: SecurityEvents,
) {
  return async (
    request: FastifyRequest,
    reply: FastifyReply,
    route: RouteEntry,
    caller: Caller | undefined,
  ) => {
    const routeId = `${route.method} ${route.path}`;
    const checks: [string, string, Rule][] = [
      ['address', `ip:${request.ip}`, { max: limits.addressPerMinute, windowSeconds: minute }],
    ];
    const perRoute = routeLimit(route, limits);
    if (perRoute) {
      const rule = { max: perRoute, windowSeconds: minute };
      checks.push(['route', `route:${routeId}:${request.ip}`, rule]);
    }
    if (caller?.apiKey) {
      const rule = { max: caller.apiKey.perMinute, windowSeconds: minute };
      checks.push(['api-key', `key:${caller.apiKey.id}`, rule]);
    } else if (caller) {
      const rule = { max: limits.perMinute, windowSeconds: minute };
      checks.push(['user', `user:${caller.userId}:${routeId}`, rule]);
    }

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
