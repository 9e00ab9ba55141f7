import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Logger } from 'pino';
import { uuidv7 } from 'uuidv7';
import type { Identity } from './identity.ts';

/**
 * Makes sure the platform has an admin: the user HCTS_ADMIN_EMAIL (verified, with the
 * configured password) in a verified operator organization. Runs at every start; does nothing
 * once the user exists, so changing the variables later changes nothing.
 */
export async function ensureFirstAdmin(
  identity: Identity,
  db: Kysely<unknown>,
  admin: { email: string; password: string },
  log: Logger,
): Promise<void> {
  const existing = await sql<{ id: string }>`
    select id from "user" where email = ${admin.email.toLowerCase()}`.execute(db);
  if (existing.rows[0]) return;

  const created = await identity.api.signUpEmail({
    body: { email: admin.email, password: admin.password, name: 'Platform admin' },
  });
  const userId = created.user.id;
  const organizationId = uuidv7();

  await db.transaction().execute(async (tx) => {
    await sql`update "user" set "emailVerified" = true where id = ${userId}`.execute(tx);
    await sql`
      insert into organization (id, name, slug, kind, status, "createdAt")
      values (${organizationId}, 'HCTS operator', ${`hcts-operator-${organizationId.slice(-8)}`},
              'operator', 'verified', now())`.execute(tx);
    await sql`
      insert into member (id, "organizationId", "userId", role, "createdAt")
      values (${uuidv7()}, ${organizationId}, ${userId}, 'owner', now())`.execute(tx);
  });
  log.info({ userId, organizationId }, 'first admin created');
}
