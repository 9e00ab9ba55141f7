import type { PriceList, ServiceSnapshot } from '@hcts/contracts';
import { type Kysely, sql } from 'kysely';
import type { CatalogReplica } from '../../app/ports.ts';

// biome-ignore lint/suspicious/noExplicitAny: kysely's database type is invariant
type AnyDb = Kysely<any>;

export function createCatalogReplica(db: AnyDb): CatalogReplica {
  return {
    services: async (ids) => {
      if (ids.length === 0) return [];
      const { rows } = await sql<{ snapshot: ServiceSnapshot }>`
        select snapshot from trading_replica_services where service_id = any(${[...ids]}::uuid[])`.execute(
        db,
      );
      return rows.map((r) => r.snapshot);
    },
    priceListsOf: async (providerOrganizationId) => {
      const { rows } = await sql<{ price_list: PriceList }>`
        select price_list from trading_replica_price_lists
        where provider_organization_id = ${providerOrganizationId}`.execute(db);
      return rows.map((r) => r.price_list);
    },
  };
}

/**
 * Writes of the replica, each guarded by the catalog's version: a redelivered or late older
 * version changes nothing, so catalog events may arrive in any order.
 */
export function createReplicaWriter(db: AnyDb) {
  return {
    async putService(s: ServiceSnapshot): Promise<void> {
      await sql`
        insert into trading_replica_services (service_id, version, provider_organization_id, status, snapshot)
        values (${s.serviceId}, ${s.version}, ${s.providerOrganizationId}, ${s.status}, ${JSON.stringify(s)}::jsonb)
        on conflict (service_id) do update set
          version = excluded.version, provider_organization_id = excluded.provider_organization_id,
          status = excluded.status, snapshot = excluded.snapshot
        where trading_replica_services.version < excluded.version`.execute(db);
    },
    async retireService(serviceId: string, version: number): Promise<void> {
      // Known limit: a retirement that arrives before any snapshot of the service is dropped;
      // the service is unknown to the replica then, which refuses to sell it all the same.
      await sql`
        update trading_replica_services
        set status = 'retired', version = ${version},
            snapshot = jsonb_set(jsonb_set(snapshot, '{status}', '"retired"'), '{version}', to_jsonb(${version}::int))
        where service_id = ${serviceId} and version <= ${version}`.execute(db);
    },
    async putPriceList(p: PriceList): Promise<void> {
      await sql`
        insert into trading_replica_price_lists (price_list_id, version, provider_organization_id, price_list)
        values (${p.priceListId}, ${p.version}, ${p.providerOrganizationId}, ${JSON.stringify(p)}::jsonb)
        on conflict (price_list_id) do update set
          version = excluded.version, price_list = excluded.price_list
        where trading_replica_price_lists.version < excluded.version`.execute(db);
    },
  };
}
export type ReplicaWriter = ReturnType<typeof createReplicaWriter>;
