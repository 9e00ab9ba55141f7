import { OrganizationRegistered, UserRoleChanged } from '@hcts/contracts';
import { APIError } from 'better-auth/api';
import { organization } from 'better-auth/plugins';
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { isOrganizationKind, roleOfKind } from '../../app/organization-roles.ts';
import { enqueueEvent } from '../postgres/outbox.ts';

const now = () => new Date().toISOString();

/**
 * Better Auth's organization plugin with the platform's profile fields and rules: a kind fixed
 * at creation, a status only an admin changes (pending at first), and identity events on Kafka
 * for registrations and membership changes.
 */
export function organizationPlugin(db: Kysely<unknown>) {
  return organization({
    creatorRole: 'owner',
    schema: {
      organization: {
        additionalFields: {
          kind: { type: 'string', required: true, input: true },
          status: { type: 'string', required: true, input: false, defaultValue: 'pending' },
          contactEmail: { type: 'string', required: false, input: true },
          contactPhone: { type: 'string', required: false, input: true },
          country: { type: 'string', required: false, input: true },
          requireSecondFactor: {
            type: 'boolean',
            required: false,
            input: true,
            defaultValue: false,
          },
        },
      },
    },
    organizationHooks: {
      beforeCreateOrganization: async ({ organization: org, user }) => {
        if (!isOrganizationKind(org.kind)) {
          throw APIError.from('BAD_REQUEST', {
            code: 'GATEWAY_ORGANIZATION_KIND_INVALID',
            message: 'kind must be provider, insurer, intermediary or operator',
          });
        }
        if (org.kind === 'operator' && !(await isPlatformAdmin(db, user.id))) {
          throw APIError.from('FORBIDDEN', {
            code: 'GATEWAY_OPERATOR_RESERVED',
            message: 'only a platform admin may create an operator organization',
          });
        }
        return { data: { ...org, status: 'pending' } };
      },

      afterCreateOrganization: async ({ organization: org, user }) => {
        const actor = { userId: user.id, organizationId: org.id, role: 'system' as const };
        await enqueueEvent(
          db,
          OrganizationRegistered,
          { organizationId: org.id, kind: org.kind, name: org.name, registeredAt: now() },
          { actor },
        );
        await enqueueRoleChange(db, user.id, org.id, org.kind, 'joined');
      },

      beforeUpdateOrganization: async ({ organization: changes }) => {
        if ('kind' in changes || 'status' in changes) {
          throw APIError.from('BAD_REQUEST', {
            code: 'GATEWAY_ORGANIZATION_FIELD_FIXED',
            message: 'kind is fixed at registration and status is decided by an admin',
          });
        }
      },

      afterAddMember: async ({ member, organization: org }) => {
        await enqueueRoleChange(db, member.userId, org.id, org.kind, 'joined');
      },

      afterRemoveMember: async ({ member, organization: org }) => {
        await enqueueRoleChange(db, member.userId, org.id, org.kind, 'left');
      },
    },
  });
}

async function enqueueRoleChange(
  db: Kysely<unknown>,
  userId: string,
  organizationId: string,
  kind: unknown,
  change: 'joined' | 'left',
) {
  if (!isOrganizationKind(kind)) return;
  const role = roleOfKind[kind];
  await enqueueEvent(
    db,
    UserRoleChanged,
    {
      userId,
      organizationId,
      role: change === 'joined' ? role : null,
      previousRole: change === 'joined' ? null : role,
      changedAt: now(),
    },
    { actor: { userId, organizationId, role: 'system' } },
  );
}

export async function isPlatformAdmin(db: Kysely<unknown>, userId: string): Promise<boolean> {
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n from member m join organization o on o.id = m."organizationId"
    where m."userId" = ${userId} and o.kind = 'operator' and o.status = 'verified'`.execute(db);
  return (rows[0]?.n ?? 0) > 0;
}
