import { type Kysely, sql } from 'kysely';
import type { OrganizationDirectory } from '../../app/ports.ts';
import type { OrganizationStanding } from '../../domain/types.ts';

// biome-ignore lint/suspicious/noExplicitAny: kysely's database type is invariant
type AnyDb = Kysely<any>;

type Row = { organization_id: string; kind: string; status: string };

export function createOrganizationDirectory(db: AnyDb): OrganizationDirectory {
  return {
    standings: async (ids) => {
      if (ids.length === 0) return new Map();
      const { rows } = await sql<Row>`
        select organization_id, kind, status from trading_replica_organizations
        where organization_id = any(${[...new Set(ids)]}::text[])`.execute(db);
      return new Map(
        rows.map((r) => [
          r.organization_id,
          {
            organizationId: r.organization_id,
            kind: r.kind as OrganizationStanding['kind'],
            status: r.status as OrganizationStanding['status'],
          },
        ]),
      );
    },
  };
}

/**
 * Writes of the organization replica. A registration only creates a pending row (a late or
 * redelivered one never undoes a decision); a decision applies unless a later one is stored.
 * Identity events are keyed by organization, so one organization's events arrive in order.
 */
export function createOrganizationWriter(db: AnyDb) {
  return {
    async registered(o: { organizationId: string; kind: string; registeredAt: string }) {
      await sql`
        insert into trading_replica_organizations (organization_id, kind, status, changed_at)
        values (${o.organizationId}, ${o.kind}, 'pending', ${o.registeredAt})
        on conflict (organization_id) do nothing`.execute(db);
    },
    async decided(o: { organizationId: string; kind: string; status: string; decidedAt: string }) {
      await sql`
        insert into trading_replica_organizations (organization_id, kind, status, changed_at)
        values (${o.organizationId}, ${o.kind}, ${o.status}, ${o.decidedAt})
        on conflict (organization_id) do update
        set kind = excluded.kind, status = excluded.status, changed_at = excluded.changed_at
        where trading_replica_organizations.status = 'pending'
           or trading_replica_organizations.changed_at <= excluded.changed_at`.execute(db);
    },
  };
}
