import type { PriceList, ServiceSnapshot } from '@hcts/contracts';
import type pg from 'pg';
import type { PurchaseFacts, PurchaseFactsReader } from '../../app/ports.ts';
import type { OrganizationStanding } from '../../domain/types.ts';

type Row =
  | { kind: 'service'; doc: ServiceSnapshot }
  | { kind: 'organization'; doc: OrganizationStanding }
  | { kind: 'price-list'; doc: PriceList };

/**
 * Services, organizations and price lists in one statement, prepared once per connection:
 * $1 service ids, $2 organization ids, $3 whether to read the price lists of the services'
 * providers.
 */
const readFacts = {
  name: 'trading_purchase_facts',
  text: `select 'service' as kind, snapshot as doc from trading_replica_services
      where service_id = any($1::uuid[])
    union all
    select 'organization', jsonb_build_object('organizationId', organization_id, 'kind', kind,
      'status', status)
    from trading_replica_organizations where organization_id = any($2::text[])
    union all
    select 'price-list', price_list from trading_replica_price_lists
      where $3::boolean and provider_organization_id in (
        select provider_organization_id from trading_replica_services
        where service_id = any($1::uuid[]))`,
} as const;

export function createPurchaseFacts(pool: pg.Pool): PurchaseFactsReader {
  return {
    read: async (query) => {
      const facts: PurchaseFacts = { services: [], standings: new Map(), priceLists: [] };
      if (query.serviceIds.length === 0 && query.organizationIds.length === 0) return facts;

      const values = [[...query.serviceIds], [...query.organizationIds], query.withPriceLists];
      const { rows } = await pool.query<Row>({ ...readFacts, values });
      for (const row of rows) {
        if (row.kind === 'service') facts.services.push(row.doc);
        else if (row.kind === 'price-list') facts.priceLists.push(row.doc);
        else facts.standings.set(row.doc.organizationId, row.doc);
      }
      return facts;
    },
  };
}
