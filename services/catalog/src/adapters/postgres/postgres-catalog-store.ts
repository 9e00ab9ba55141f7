import type { Outbox, StagedEvent } from '@hcts/bus';
import type { PriceList } from '@hcts/contracts';
import { type Kysely, sql, type Transaction } from 'kysely';
import type {
  CatalogStore,
  CatalogTransaction,
  MarketplaceHit,
  MarketplaceQuery,
  ServiceFilter,
  ServiceStats,
} from '../../app/catalog-store.ts';
import type { CatalogService, ComponentCandidate } from '../../domain/catalog-service.ts';
import type { CatalogItem } from '../../domain/cms/catalog-items.ts';
import type { HospitalProfile } from '../../domain/cms/export-v3.ts';
import { foldText } from '../../domain/fold-text.ts';
import { searchMarketplace } from './marketplace-query.ts';
import {
  type PriceListRow,
  type ServiceRow,
  toPriceList,
  toService,
  writePriceList,
  writeService,
} from './service-rows.ts';

export class PostgresCatalogStore implements CatalogStore {
  readonly #db: Kysely<unknown>;
  readonly #outbox: Outbox;

  constructor(db: Kysely<unknown>, outbox: Outbox) {
    this.#db = db;
    this.#outbox = outbox;
  }

  transaction<T>(work: (tx: CatalogTransaction) => Promise<T>): Promise<T> {
    return this.#db.transaction().execute((trx) => work(transactionOf(trx, this.#outbox)));
  }

  getService(serviceId: string): Promise<CatalogService | undefined> {
    return serviceById(this.#db, serviceId, false);
  }

  async listServices(filter: ServiceFilter): Promise<CatalogService[]> {
    const statuses = filter.statuses ?? ['draft', 'published', 'retired'];
    const { rows } = await sql<ServiceRow>`
      select * from catalog_service
      where status = any(${statuses}::text[])
        and (${filter.providerOrganizationId ?? null}::text is null
          or provider_organization_id = ${filter.providerOrganizationId ?? null})
        and (${filter.afterServiceId ?? null}::uuid is null or service_id > ${filter.afterServiceId ?? null})
      order by service_id limit ${filter.limit}`.execute(this.#db);
    return rows.map(toService);
  }

  async priceListsOf(providerOrganizationId: string): Promise<PriceList[]> {
    const { rows } = await sql<PriceListRow>`
      select * from catalog_price_list where provider_organization_id = ${providerOrganizationId}
      order by price_list_id`.execute(this.#db);
    return rows.map(toPriceList);
  }

  marketplace(query: MarketplaceQuery): Promise<MarketplaceHit[]> {
    return searchMarketplace(this.#db, query);
  }

  async stats(providerOrganizationId: string | null): Promise<ServiceStats> {
    const { rows } = await sql<{
      status: string;
      care_setting: string;
      composite: boolean;
      n: number;
    }>`
      select status, care_setting, is_composite as composite, count(*)::int as n
      from catalog_service
      where ${providerOrganizationId}::text is null or provider_organization_id = ${providerOrganizationId}
      group by status, care_setting, is_composite`.execute(this.#db);

    const stats: ServiceStats = {
      total: 0,
      byStatus: { draft: 0, published: 0, retired: 0 },
      byCareSetting: {},
      composite: 0,
    };
    for (const row of rows) {
      stats.total += row.n;
      stats.byStatus[row.status as keyof ServiceStats['byStatus']] += row.n;
      stats.byCareSetting[row.care_setting] = (stats.byCareSetting[row.care_setting] ?? 0) + row.n;
      if (row.composite) stats.composite += row.n;
    }
    return stats;
  }

  async payerAliases(): Promise<Map<string, string>> {
    const { rows } = await sql<{ payer_name_folded: string; organization_id: string }>`
      select * from catalog_payer_alias`.execute(this.#db);
    return new Map(rows.map((row) => [row.payer_name_folded, row.organization_id]));
  }

  async setPayerAlias(payerName: string, organizationId: string): Promise<void> {
    await sql`
      insert into catalog_payer_alias (payer_name_folded, organization_id)
      values (${foldText(payerName)}, ${organizationId})
      on conflict (payer_name_folded) do update set organization_id = excluded.organization_id`.execute(
      this.#db,
    );
  }

  async profileOf(organizationId: string): Promise<HospitalProfile | undefined> {
    const { rows } = await sql<{ profile: HospitalProfile }>`
      select profile from catalog_hospital_profile where organization_id = ${organizationId}`.execute(
      this.#db,
    );
    return rows[0]?.profile;
  }

  async cmsItemsOf(
    organizationId: string,
  ): Promise<{ item: CatalogItem; service: CatalogService }[]> {
    const { rows } = await sql<ServiceRow & { cms_item: CatalogItem | null }>`
      select * from catalog_service
      where provider_organization_id = ${organizationId} and status = 'published'
      order by service_id`.execute(this.#db);
    return rows.map((row) => ({
      item: row.cms_item ?? itemOfService(toService(row)),
      service: toService(row),
    }));
  }
}

/** A service created through the API has no CMS item; its CMS view is its base price. */
function itemOfService(service: CatalogService): CatalogItem {
  const setting =
    service.careSetting === 'inpatient' || service.careSetting === 'outpatient'
      ? service.careSetting
      : 'both';
  return {
    description: service.name,
    codes: [{ code: service.procedureCode.code, type: service.procedureCode.system }],
    setting,
    grossMinor: service.basePrice.amountMinor > 0 ? service.basePrice.amountMinor : null,
    discountedCashMinor: null,
    minimumMinor: null,
    maximumMinor: null,
    drug: null,
    payers: [],
  };
}

async function serviceById(db: Kysely<unknown>, serviceId: string, forUpdate: boolean) {
  const lock = forUpdate ? sql`for update` : sql``;
  const { rows } = await sql<ServiceRow>`
    select * from catalog_service where service_id = ${serviceId} ${lock}`.execute(db);
  return rows[0] && toService(rows[0]);
}

function transactionOf(trx: Transaction<unknown>, outbox: Outbox): CatalogTransaction {
  return {
    getService: (serviceId, forUpdate = false) => serviceById(trx, serviceId, forUpdate),
    componentCandidates: async (ids) => {
      if (ids.length === 0) return new Map<string, ComponentCandidate>();
      const { rows } = await sql<{
        service_id: string;
        provider_organization_id: string;
        currency: string;
        status: CatalogService['status'];
        is_composite: boolean;
      }>`
        select service_id, provider_organization_id, currency, status, is_composite
        from catalog_service where service_id = any(${[...ids]}::uuid[])`.execute(trx);
      return new Map(
        rows.map((row) => [
          row.service_id,
          {
            serviceId: row.service_id,
            providerOrganizationId: row.provider_organization_id,
            currency: row.currency,
            status: row.status,
            isComposite: row.is_composite,
          },
        ]),
      );
    },
    insertService: (service, cmsItem) => writeService(trx, service, cmsItem, 'insert'),
    updateService: (service, cmsItem) => writeService(trx, service, cmsItem, 'update'),
    findByProcedure: async (providerOrganizationId, system, code, name) => {
      const { rows } = await sql<ServiceRow>`
        select * from catalog_service
        where provider_organization_id = ${providerOrganizationId} and procedure_system = ${system}
          and procedure_code = ${code} and name = ${name}
        for update`.execute(trx);
      return rows[0] && toService(rows[0]);
    },
    getPriceList: async (priceListId, forUpdate = false) => {
      const lock = forUpdate ? sql`for update` : sql``;
      const { rows } = await sql<PriceListRow>`
        select * from catalog_price_list where price_list_id = ${priceListId} ${lock}`.execute(trx);
      return rows[0] && toPriceList(rows[0]);
    },
    savePriceList: (list, name) => writePriceList(trx, list, name),
    findPriceList: async (providerOrganizationId, buyerOrganizationId, name) => {
      const { rows } = await sql<PriceListRow>`
        select * from catalog_price_list
        where provider_organization_id = ${providerOrganizationId}
          and buyer_organization_id is not distinct from ${buyerOrganizationId} and name = ${name}
        for update`.execute(trx);
      return rows[0] && toPriceList(rows[0]);
    },
    saveProfile: async (organizationId, profile) => {
      await sql`
        insert into catalog_hospital_profile (organization_id, profile, updated_at)
        values (${organizationId}, ${JSON.stringify(profile)}, now())
        on conflict (organization_id) do update set profile = excluded.profile, updated_at = now()`.execute(
        trx,
      );
    },
    stage: async (events: readonly StagedEvent[]) => {
      await outbox.addAll(trx, events);
    },
  };
}
