import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { MarketplaceHit, MarketplaceQuery } from '../../app/catalog-store.ts';
import { foldText } from '../../domain/fold-text.ts';
import { type ServiceRow, toService } from './service-rows.ts';

/** Words of a query as a prefix tsquery: "mri bra" finds "MRI brain". */
export function prefixTsquery(text: string | undefined): string | null {
  const words = foldText(text ?? '').match(/[a-z0-9]+/g) ?? [];
  return words.length === 0 ? null : words.map((word) => `${word}:*`).join(' & ');
}

/**
 * The caller's starting price of a service: its negotiated list entry valid now, else the
 * provider's default list entry valid now, else the base price.
 *
 * Known limit: the range filter and price sort use this starting price, not the price after
 * the list's rules (tiers depend on quantity; percentages and fixed amounts are not applied in
 * SQL). Storing each list's rule-adjusted unit price per service at write time would lift it.
 */
function listPrice(buyer: string | null): RawBuilder<number> {
  const entry = (who: RawBuilder<unknown>) => sql`(
    select e.unit_price_minor from catalog_price_entry e
    join catalog_price_list l on l.price_list_id = e.price_list_id
    where e.service_id = s.service_id and l.provider_organization_id = s.provider_organization_id
      and ${who} and l.valid_from <= now() and (l.valid_to is null or l.valid_to > now())
    order by l.valid_from desc, l.version desc limit 1)`;
  const negotiated =
    buyer === null ? sql`null::bigint` : entry(sql`l.buyer_organization_id = ${buyer}`);
  return sql<number>`coalesce(${negotiated}, ${entry(sql`l.buyer_organization_id is null`)}, s.base_price_minor)`;
}

export async function searchMarketplace(
  db: Kysely<unknown>,
  query: MarketplaceQuery,
): Promise<MarketplaceHit[]> {
  const tsquery = prefixTsquery(query.text);
  const score =
    tsquery === null
      ? sql`0::numeric`
      : sql`round(ts_rank_cd(s.search, to_tsquery('english', ${tsquery}), 1)::numeric, 8)`;
  const { rows } = await sql<ServiceRow & { list_price: number; score: string }>`
    with priced as (
      select s.*, ${listPrice(query.buyerOrganizationId)} as list_price, ${score} as score
      from catalog_service s
      where s.status = 'published'
        and (${tsquery}::text is null or s.search @@ to_tsquery('english', ${tsquery}))
        and (${query.chapter ?? null}::text is null or ${query.chapter ?? null} = any(s.indication_chapters))
        and (${query.icdCode ?? null}::text is null or exists (
          select 1 from unnest(s.indication_codes) c where c like ${`${query.icdCode ?? ''}%`}))
        and (${query.system ?? null}::text is null or s.procedure_system = ${query.system ?? null})
        and (${query.providerOrganizationId ?? null}::text is null
          or s.provider_organization_id = ${query.providerOrganizationId ?? null})
        and (${query.careSetting ?? null}::text is null or s.care_setting = ${query.careSetting ?? null})
    )
    select * from priced
    where (${query.minPriceMinor ?? null}::bigint is null or list_price >= ${query.minPriceMinor ?? null})
      and (${query.maxPriceMinor ?? null}::bigint is null or list_price <= ${query.maxPriceMinor ?? null})
      and ${afterCursor(query)}
    order by ${orderOf(query.sort)}
    limit ${query.limit}`.execute(db);

  return rows.map((row) => {
    const listPriceMinor = Number(row.list_price);
    const scoreValue = Number(row.score);
    const sortKey =
      query.sort === 'price'
        ? listPriceMinor
        : query.sort === 'relevance'
          ? row.score
          : row.service_id;
    return { service: toService(row), listPriceMinor, score: scoreValue, sortKey };
  });
}

function orderOf(sort: MarketplaceQuery['sort']): RawBuilder<unknown> {
  if (sort === 'price') return sql`list_price asc, service_id asc`;
  if (sort === 'newest') return sql`service_id desc`;
  return sql`score desc, service_id asc`;
}

/** Keyset pagination: rows strictly after the cursor in the chosen order. */
function afterCursor(query: MarketplaceQuery): RawBuilder<unknown> {
  const cursor = query.cursor;
  if (cursor === undefined) return sql`true`;
  if (query.sort === 'newest') return sql`service_id < ${cursor.id}::uuid`;
  if (query.sort === 'price') {
    return sql`(list_price > ${cursor.key}::bigint or (list_price = ${cursor.key}::bigint and service_id > ${cursor.id}::uuid))`;
  }
  return sql`(score < ${cursor.key}::numeric or (score = ${cursor.key}::numeric and service_id > ${cursor.id}::uuid))`;
}
