import type { OrganizationKind } from '@hcts/contracts';
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { OrganizationStatus } from '../../app/organization-roles.ts';

export interface ActiveApiKey {
  id: string;
  organizationId: string;
  createdBy: string;
  scopes: string;
  rateLimitPerMinute: number;
  kind: OrganizationKind;
  status: OrganizationStatus;
}

/** A key that is neither revoked nor expired, with its organization's kind and status. */
export async function findActiveApiKey(
  db: Kysely<unknown>,
  keyHash: string,
): Promise<ActiveApiKey | undefined> {
  const { rows } = await sql<ActiveApiKey>`
    select k.id, k."organizationId", k."createdBy", k.scopes, k."rateLimitPerMinute",
           o.kind, o.status
    from "apiKey" k join organization o on o.id = k."organizationId"
    where k."keyHash" = ${keyHash} and k."revokedAt" is null
      and (k."expiresAt" is null or k."expiresAt" > now())`.execute(db);
  return rows[0];
}

/** Records use at most once a minute per key, so a busy key does not write on every call. */
export async function touchApiKey(db: Kysely<unknown>, id: string): Promise<void> {
  await sql`
    update "apiKey" set "lastUsedAt" = now()
    where id = ${id} and ("lastUsedAt" is null or "lastUsedAt" < now() - interval '1 minute')`.execute(
    db,
  );
}

export async function isMemberOf(
  db: Kysely<unknown>,
  userId: string,
  organizationId: string,
): Promise<boolean> {
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n from member
    where "userId" = ${userId} and "organizationId" = ${organizationId}`.execute(db);
  return (rows[0]?.n ?? 0) > 0;
}
