import { OrganizationRegistered, UserRoleChanged } from '@hcts/contracts';
import type { BetterAuthPlugin } from 'better-auth';
import { APIError, createAuthMiddleware } from 'better-auth/api';
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
  const plugin = organizationWithHooks(db);
  // The plugin brings no hooks of its own today; any it brings later are kept, ahead of ours.
  const own = (plugin as { hooks?: BetterAuthPlugin['hooks'] }).hooks;
  const before = [
    ...(own?.before ?? []),
    {
      matcher: (ctx: { path?: string }) => ctx.path === '/organization/update',
      handler: createAuthMiddleware(async (ctx) => refuseUnchangeableFields(ctx.body)),
    },
  ];
  return { ...plugin, hooks: { ...own, before } };
}

function organizationWithHooks(db: Kysely<unknown>) {
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

// What a member may change in its organization's profile; kind and status are not its own.
const changeableFields = new Set([
  'name',
  'slug',
  'logo',
  'metadata',
  'contactEmail',
  'contactPhone',
  'country',
  'requireSecondFactor',
]);
const fixedFields: Readonly<Record<string, string>> = Object.freeze({
  kind: 'is fixed at registration',
  status: 'is decided by an admin',
});

/**
 * Runs before Better Auth parses an update: its schema drops `status` and unknown keys without
 * a word, and an update left with nothing to write failed as a 500. Each refused field is named
 * as `[body.data.<field>]`, which the problem mapping turns into `errors`.
 */
function refuseUnchangeableFields(body: unknown): void {
  const data = (body as { data?: unknown } | undefined)?.data;
  // Anything but an object is Better Auth's schema's to refuse.
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return;
  const keys = Object.keys(data).map((key) => key.slice(0, 100));

  const fixed = keys.filter((key) => key in fixedFields);
  if (fixed.length > 0) {
    throw APIError.from('BAD_REQUEST', {
      code: 'GATEWAY_ORGANIZATION_FIELD_FIXED',
      message: fixed.map((key) => `[body.data.${key}] ${fixedFields[key]}`).join('; '),
    });
  }

  const unknown = keys.filter((key) => !changeableFields.has(key));
  if (unknown.length > 0) {
    throw APIError.from('BAD_REQUEST', {
      code: 'GATEWAY_ORGANIZATION_FIELD_UNKNOWN',
      message: unknown
        .map((key) => `[body.data.${key}] is not a field of an organization`)
        .join('; '),
    });
  }

  if (keys.length === 0) {
    throw APIError.from('BAD_REQUEST', {
      code: 'GATEWAY_ORGANIZATION_NOTHING_TO_CHANGE',
      message: '[body.data] names no field to change',
    });
  }
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
