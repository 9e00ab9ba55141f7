import type { PriceList } from '../events/catalog.ts';

/** Which of a provider's lists govern a buyer's price at one instant. */
export interface ListSelection {
  /** The buyer's negotiated list valid at the instant, if any. */
  buyerList: PriceList | undefined;
  /** The provider's default list valid at the instant, if any. */
  defaultList: PriceList | undefined;
}

/** A window is half-open: valid from `validFrom` inclusive up to `validTo` exclusive. */
export function isValidAt(list: PriceList, atMs: number): boolean {
  const from = Date.parse(list.validFrom);
  const to = list.validTo === null ? Number.POSITIVE_INFINITY : Date.parse(list.validTo);
  return from <= atMs && atMs < to;
}

/**
 * Among overlapping lists of the same kind the most recently started wins, then the higher
 * version, then the later id (UUIDv7 ids sort by creation), so the choice never depends on the
 * order the lists were passed in.
 */
function newest(a: PriceList, b: PriceList): number {
  const byStart = Date.parse(b.validFrom) - Date.parse(a.validFrom);
  if (byStart !== 0) return byStart;
  if (a.version !== b.version) return b.version - a.version;
  return a.priceListId < b.priceListId ? 1 : a.priceListId > b.priceListId ? -1 : 0;
}

export function selectPriceLists(
  priceLists: readonly PriceList[],
  providerOrganizationId: string,
  buyerOrganizationId: string | null,
  atMs: number,
): ListSelection {
  const valid = priceLists.filter(
    (list) => list.providerOrganizationId === providerOrganizationId && isValidAt(list, atMs),
  );

  const buyerLists = valid.filter(
    (list) => buyerOrganizationId !== null && list.buyerOrganizationId === buyerOrganizationId,
  );
  const defaultLists = valid.filter((list) => list.buyerOrganizationId === null);

  return {
    buyerList: buyerLists.sort(newest)[0],
    defaultList: defaultLists.sort(newest)[0],
  };
}
