import type { OrganizationKind } from '@hcts/contracts';
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { OrganizationStatus } from '../../app/organization-roles.ts';

export interface Membership {
  organizationId: string;
  kind: OrganizationKind;
  status: OrganizationStatus;
  requireSecondFactor: boolean;
}

/**
 * The membership a user acts through: the active organization when given and the user belongs
 * to it, otherwise the oldest membership.
 */
export async function membershipOf(
  db: Kysely<unknown>,
  userId: string,
  activeOrganizationId?: string | null,
): Promise<Membership | undefined> {
  const { rows } = await sql<Membership>`
    select o.id as "organizationId", o.kind, o.status,
           coalesce(o."requireSecondFactor", false) as "requireSecondFactor"
    from member m join organization o on o.id = m."organizationId"
    where m."userId" = ${userId}
    order by (o.id = ${activeOrganizationId ?? ''}) desc, m."createdAt" asc
    limit 1`.execute(db);
  return rows[0];
}

export async function organizationById(db: Kysely<unknown>, organizationId: string) {
  const { rows } = await sql<Membership & { name: string }>`
    select id as "organizationId", kind, status, name from organization
    where id = ${organizationId}`.execute(db);
  return rows[0];
}
