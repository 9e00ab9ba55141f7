import {
  OrganizationVerified,
  UserRoleResponse,
  VerificationDecisionRequest,
  VerificationListQuery,
  VerificationStatusRequest,
} from '@hcts/contracts';
import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { z } from 'zod';
import type { Caller } from '../../app/authorize.ts';
import { GatewayError } from '../../domain/errors.ts';
import { enqueueEvent } from '../postgres/outbox.ts';
import { callerOf } from './guard.ts';

interface OrganizationRow {
  organizationId: string;
  name: string;
  kind: 'operator' | 'provider' | 'insurer' | 'intermediary';
  status: 'pending' | 'verified' | 'rejected' | 'suspended';
  createdAt: Date;
}

const columns = sql`id as "organizationId", name, kind, status, "createdAt"`;
const view = (row: OrganizationRow) => ({ ...row, createdAt: row.createdAt.toISOString() });

function parse<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  const result = schema.safeParse(value ?? {});
  if (!result.success) throw new GatewayError('GATEWAY_VALIDATION');
  return result.data;
}

/**
 * Handlers of the gateway's own routes, keyed like the route table: who am I, and organization
 * verification (an admin decides; each decision is an OrganizationVerified event). The guard
 * has authorized the caller before any of them runs.
 */
export function identityHandlers(
  db: Kysely<unknown>,
): Record<string, (request: FastifyRequest) => Promise<unknown>> {
  return {
    'GET /api/user/role': async (request) => {
      const c = callerOf(request);
      return UserRoleResponse.parse({
        userId: c.userId,
        organizationId: c.organizationId,
        role: c.role,
        organizationStatus: c.organizationStatus,
        via: c.via,
      });
    },

    'POST /api/verification/status': async (request) => {
      const caller = callerOf(request);
      const body = parse(VerificationStatusRequest, request.body);
      const id = body.organizationId ?? caller.organizationId;
      if (id !== caller.organizationId && caller.role !== 'admin') {
        throw new GatewayError('GATEWAY_NOT_OWNER');
      }
      const { rows } = await sql<OrganizationRow>`
        select ${columns} from organization where id = ${id}`.execute(db);
      if (!rows[0]) throw new GatewayError('GATEWAY_ORGANIZATION_NOT_FOUND');
      return view(rows[0]);
    },

    'GET /api/verification/organizations': async (request) => {
      requireAdmin(callerOf(request));
      const query = parse(VerificationListQuery, request.query);
      const { rows } = await sql<OrganizationRow>`
        select ${columns} from organization where status = ${query.status}
        order by "createdAt" limit ${query.limit}`.execute(db);
      return { organizations: rows.map(view) };
    },

    'POST /api/verification/decisions': async (request) => {
      const caller = requireAdmin(callerOf(request));
      const body = parse(VerificationDecisionRequest, request.body);
      return decide(db, caller, body, request.id);
    },
  };
}

/** Again here, not only in the route table: a policy edit must not open verification. */
function requireAdmin(caller: Caller): Caller & { role: 'admin' } {
  if (caller.role !== 'admin') {
    throw new GatewayError('GATEWAY_FORBIDDEN', { action: 'decide on', resource: 'organizations' });
  }
  return { ...caller, role: 'admin' };
}

async function decide(
  db: Kysely<unknown>,
  caller: Caller & { role: 'admin' },
  body: VerificationDecisionRequest,
  correlationId: string,
) {
  // The state change and its event commit together (transactional outbox).
  return db.transaction().execute(async (tx) => {
    const { rows } = await sql<OrganizationRow>`
      update organization set status = ${body.status} where id = ${body.organizationId}
      returning ${columns}`.execute(tx);
    const row = rows[0];
    if (!row) throw new GatewayError('GATEWAY_ORGANIZATION_NOT_FOUND');

    await enqueueEvent(
      tx,
      OrganizationVerified,
      {
        organizationId: row.organizationId,
        kind: row.kind,
        status: body.status,
        decidedBy: caller.userId,
        decidedAt: new Date().toISOString(),
      },
      {
        actor: { userId: caller.userId, organizationId: caller.organizationId, role: caller.role },
        correlationId,
      },
    );
    return view(row);
  });
}
