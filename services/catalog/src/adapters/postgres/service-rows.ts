import type { PriceList } from '@hcts/contracts';
import { type Kysely, sql } from 'kysely';
import type { CatalogService } from '../../domain/catalog-service.ts';
import type { CatalogItem } from '../../domain/cms/catalog-items.ts';
import { foldText } from '../../domain/fold-text.ts';

export interface ServiceRow {
  service_id: string;
  version: number;
  provider_organization_id: string;
  name: string;
  description: string;
  procedure_system: string;
  procedure_code: string;
  indications: CatalogService['indications'];
  care_setting: string;
  unit: string;
  base_price_minor: number;
  currency: string;
  components: CatalogService['components'];
  availability: string;
  status: CatalogService['status'];
  created_at: Date;
  updated_at: Date;
}

export function toService(row: ServiceRow): CatalogService {
  return {
    serviceId: row.service_id,
    version: row.version,
    providerOrganizationId: row.provider_organization_id,
    name: row.name,
    description: row.description,
    procedureCode: {
      system: row.procedure_system as CatalogService['procedureCode']['system'],
      code: row.procedure_code,
    },
    indications: row.indications,
    careSetting: row.care_setting as CatalogService['careSetting'],
    unit: row.unit,
    basePrice: { amountMinor: Number(row.base_price_minor), currency: row.currency },
    components: row.components,
    availability: row.availability as CatalogService['availability'],
    status: row.status,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** Every column of a service row, in the order `writeService` lists them. */
function values(service: CatalogService, cmsItem: CatalogItem | undefined, keepCms: boolean) {
  const primary = foldText(`${service.name} ${service.procedureCode.code}`);
  const secondary = foldText(
    [service.description, ...service.indications.map((i) => `${i.code} ${i.title}`)].join(' '),
  );
  return sql.join([
    service.serviceId,
    service.version,
    service.providerOrganizationId,
    service.name,
    service.description,
    service.procedureCode.system,
    service.procedureCode.code,
    JSON.stringify(service.indications),
    sql`${service.indications.map((i) => i.code)}::text[]`,
    sql`${[...new Set(service.indications.map((i) => i.chapterNo))]}::text[]`,
    service.careSetting,
    service.unit,
    service.basePrice.amountMinor,
    service.basePrice.currency,
    JSON.stringify(service.components),
    service.components.length > 0,
    service.availability,
    service.status,
    cmsItem !== undefined ? JSON.stringify(cmsItem) : keepCms ? sql.ref('cms_item') : null,
    primary,
    secondary,
    service.createdAt,
    service.updatedAt,
  ]);
}

const columns = sql.raw(`service_id, version, provider_organization_id, name, description,
  procedure_system, procedure_code, indications, indication_codes, indication_chapters,
  care_setting, unit, base_price_minor, currency, components, is_composite, availability, status,
  cms_item, search_primary, search_secondary, created_at, updated_at`);

export async function writeService(
  db: Kysely<unknown>,
  service: CatalogService,
  cmsItem: CatalogItem | undefined,
  mode: 'insert' | 'update',
): Promise<void> {
  if (mode === 'insert') {
    const row = values(service, cmsItem, false);
    await sql`insert into catalog_service (${columns}) values (${row})`.execute(db);
    return;
  }
  // The CMS item is kept when an update brings none (a provider's edit through the API).
  await sql`
    update catalog_service set (${columns}) = (${values(service, cmsItem, true)})
    where service_id = ${service.serviceId}`.execute(db);
}

export interface PriceListRow {
  price_list_id: string;
  version: number;
  provider_organization_id: string;
  buyer_organization_id: string | null;
  name: string;
  currency: string;
  valid_from: Date;
  valid_to: Date | null;
  entries: PriceList['entries'];
  rules: PriceList['rules'];
}

export function toPriceList(row: PriceListRow): PriceList {
  return {
    priceListId: row.price_list_id,
    version: row.version,
    providerOrganizationId: row.provider_organization_id,
    buyerOrganizationId: row.buyer_organization_id,
    currency: row.currency,
    validFrom: row.valid_from.toISOString(),
    validTo: row.valid_to === null ? null : row.valid_to.toISOString(),
    entries: row.entries,
    rules: row.rules,
  };
}

export async function writePriceList(
  db: Kysely<unknown>,
  list: PriceList,
  name: string,
): Promise<void> {
  await sql`
    insert into catalog_price_list (price_list_id, version, provider_organization_id,
      buyer_organization_id, name, currency, valid_from, valid_to, entries, rules, updated_at)
    values (${list.priceListId}, ${list.version}, ${list.providerOrganizationId},
      ${list.buyerOrganizationId}, ${name}, ${list.currency}, ${list.validFrom}, ${list.validTo},
      ${JSON.stringify(list.entries)}, ${JSON.stringify(list.rules)}, now())
    on conflict (price_list_id) do update set version = excluded.version,
      buyer_organization_id = excluded.buyer_organization_id, name = excluded.name,
      currency = excluded.currency, valid_from = excluded.valid_from,
      valid_to = excluded.valid_to, entries = excluded.entries, rules = excluded.rules,
      updated_at = now()`.execute(db);

  await sql`delete from catalog_price_entry where price_list_id = ${list.priceListId}`.execute(db);
  if (list.entries.length === 0) return;
  await sql`
    insert into catalog_price_entry (price_list_id, service_id, unit_price_minor)
    select ${list.priceListId}, s, p from unnest(
      ${list.entries.map((e) => e.serviceId)}::uuid[],
      ${list.entries.map((e) => e.unitPriceMinor)}::bigint[]
    ) as u(s, p)`.execute(db);
}
