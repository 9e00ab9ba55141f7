import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Caller, Decision } from '../../app/authorize.ts';
import { authorize } from '../../app/authorize.ts';
import type { SecurityEvents } from '../../app/ports.ts';
import { SecurityEventTypes } from '../../app/ports.ts';
import type { RouteEntry } from '../../app/route-table.ts';
import { GatewayError } from '../../domain/errors.ts';
import { isMemberOf } from '../postgres/api-keys.ts';
import type { Authenticated, Authenticator } from './authenticate.ts';
import type { createRateLimit } from './rate-limit.ts';

export interface Admitted {
  auth: Authenticated | undefined;
  decision: Extract<Decision, { allowed: true }>;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** What the guard decided; null until it admitted the request. */
    hctsAdmission: Admitted | null;
  }
}

/**
 * Declares the request's admission field once per app: a field every request has from the
 * start keeps one object shape, where a side table (a WeakMap) costs the collector per request.
 */
export function declareAdmission(app: FastifyInstance) {
  app.decorateRequest('hctsAdmission', null);
}

/** What the guard decided for a request; handlers run only after it admitted the request. */
export function admissionOf(request: FastifyRequest): Admitted {
  const found = request.hctsAdmission;
  if (!found) throw new Error('route served without its guard');
  return found;
}

export function callerOf(request: FastifyRequest): Caller {
  const caller = admissionOf(request).auth?.caller;
  if (!caller) throw new GatewayError('GATEWAY_UNAUTHENTICATED');
  return caller;
}

/**
 * The preHandler of every public route: authenticate (skipped on public routes), count against
 * the rate limits, then apply the permission matrix and the ownership of path parameters.
 */
export function createGuard(deps: {
  authenticate: Authenticator;
  rateLimit: ReturnType<typeof createRateLimit>;
  db: Kysely<unknown>;
  security: SecurityEvents;
}) {
  return (route: RouteEntry) => async (request: FastifyRequest, reply: FastifyReply) => {
    const auth = route.access.kind === 'public' ? undefined : await deps.authenticate(request);
    await deps.rateLimit(request, reply, route, auth?.caller);

    const params = (request.params ?? {}) as Record<string, string | undefined>;
    const decision = authorize(route.access, auth?.caller, params);
    if (!decision.allowed) {
      if (auth) await recordForbidden(deps.security, request, route, auth.caller, decision.error);
      throw decision.error;
    }

    const owner = decision.mustOwn;
    if (owner?.of === 'user' && auth?.caller.organizationId) {
      if (!(await isMemberOf(deps.db, owner.id, auth.caller.organizationId))) {
        // Refused like a foreign organization's path, and recorded the same way.
        const error = new GatewayError('GATEWAY_NOT_OWNER');
        await recordForbidden(deps.security, request, route, auth.caller, error);
        throw error;
      }
    }
    request.hctsAdmission = { auth, decision };
  };
}

async function recordForbidden(
  security: SecurityEvents,
  request: FastifyRequest,
  route: RouteEntry,
  caller: Caller,
  error: GatewayError,
) {
  await security.record({
    type: SecurityEventTypes.forbidden,
    subject: caller.userId,
    address: request.ip,
    details: { route: `${route.method} ${route.path}`, code: error.code },
  });
}
