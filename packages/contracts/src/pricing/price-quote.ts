import type { PriceList, ServiceSnapshot } from '../events/catalog.ts';
import { type AppliedRule, applyRules } from './apply-rules.ts';
import { allocateByShares, multiplySafe } from './arithmetic.ts';
import { PricingError } from './pricing-error.ts';
import { selectPriceLists } from './select-price-list.ts';

export interface QuoteRequestLine {
  serviceId: string;
  quantity: number;
}

export interface PriceQuoteInput {
  /** Every service on a line (components need not be present: bundles are priced whole). */
  services: readonly ServiceSnapshot[];
  /** Candidate lists; those of other providers, other buyers or out of window are ignored. */
  priceLists: readonly PriceList[];
  /** The buying organization; null prices as an anonymous buyer (default list or base price). */
  buyer: { organizationId: string } | null;
  quantities: readonly QuoteRequestLine[];
  /** The pricing instant, ISO 8601. */
  at: string;
  /** Drafts may be quoted for the provider's own preview; retired services never. */
  allowDrafts?: boolean;
}

/** Where the starting unit price of a line came from, before rules. */
export type PriceSource = 'buyer-list' | 'default-list' | 'base-price';

export interface PricedComponent {
  serviceId: string;
  quantity: number;
  shareBps: number;
  /** This component's part of the line total; the parts sum to the line total exactly. */
  amountMinor: number;
}

export interface PricedLine {
  serviceId: string;
  serviceVersion: number;
  quantity: number;
  unitPriceMinor: number;
  lineTotalMinor: number;
  /** The list whose rules applied: the buyer's list, else the default list, else null. */
  priceListId: string | null;
  priceListVersion: number | null;
  priceSource: PriceSource;
  appliedRules: AppliedRule[];
  components: PricedComponent[];
}

export interface PricedQuote {
  currency: string;
  at: string;
  lines: PricedLine[];
  subtotalMinor: number;
}

/**
 * Prices a quote the way catalog shows it and trading freezes it.
 *
 * Precedence per line: the buyer's negotiated list valid at `at` governs; without one, the
 * provider's default list valid at `at`; without either, the service's base price. The governing
 * list's rules apply. Its entry for the service sets the starting unit price; when it has none
 * the default list's entry does, then the base price, so a negotiated list may hold only rules
 * ("10 % off everything").
 *
 * Rounding: each rule rounds the unit price to a whole minor unit, half up; the line total is
 * the rounded unit price times the quantity (exact). A bundle is priced as one unit; its line
 * total is split over its components by share with the largest remainder method.
 *
 * Throws PricingError.
 */
export function priceQuote(input: PriceQuoteInput): PricedQuote {
  const atMs = Date.parse(input.at);
  if (Number.isNaN(atMs)) throw new PricingError('badInstant', 'at', { at: input.at });
  if (input.quantities.length === 0) throw new PricingError('noLines', 'quantities', {});

  const byId = new Map(input.services.map((service) => [service.serviceId, service]));
  const seen = new Set<string>();
  const lines: PricedLine[] = [];
  let currency: string | undefined;

  for (const [index, request] of input.quantities.entries()) {
    const field = `quantities.${index}`;
    const service = checkLine(input, byId, seen, request, field);
    const priced = priceLine(input, service, request.quantity, atMs, field);

    currency ??= priced.currency;
    if (priced.currency !== currency) {
      const params = { serviceId: service.serviceId, found: priced.currency, expected: currency };
      throw new PricingError('currencyMismatch', field, params);
    }
    lines.push(priced.line);
  }

  const subtotalMinor = lines.reduce((sum, line) => sum + line.lineTotalMinor, 0);
  if (!Number.isSafeInteger(subtotalMinor)) {
    throw new PricingError('amountOverflow', 'quantities', { serviceId: 'subtotal' });
  }
  return { currency: currency ?? '', at: new Date(atMs).toISOString(), lines, subtotalMinor };
}

function checkLine(
  input: PriceQuoteInput,
  byId: ReadonlyMap<string, ServiceSnapshot>,
  seen: Set<string>,
  request: QuoteRequestLine,
  field: string,
): ServiceSnapshot {
  const { serviceId, quantity } = request;
  if (!Number.isInteger(quantity) || quantity < 1 || quantity > 10_000) {
    throw new PricingError('badQuantity', `${field}.quantity`, { serviceId });
  }
  if (seen.has(serviceId)) throw new PricingError('duplicateLine', field, { serviceId });
  seen.add(serviceId);

  const service = byId.get(serviceId);
  if (service === undefined) {
    throw new PricingError('unknownService', `${field}.serviceId`, { serviceId });
  }
  const quotable =
    service.status === 'published' || (service.status === 'draft' && input.allowDrafts === true);
  if (!quotable) {
    throw new PricingError('serviceNotAvailable', field, { serviceId, status: service.status });
  }
  return service;
}

function priceLine(
  input: PriceQuoteInput,
  service: ServiceSnapshot,
  quantity: number,
  atMs: number,
  field: string,
): { line: PricedLine; currency: string } {
  const { serviceId } = service;
  const buyerId = input.buyer?.organizationId ?? null;
  const selection = selectPriceLists(
    input.priceLists,
    service.providerOrganizationId,
    buyerId,
    atMs,
  );
  const governing = selection.buyerList ?? selection.defaultList;
  const currency = service.basePrice.currency;

  for (const list of [selection.buyerList, selection.defaultList]) {
    if (list !== undefined && list.currency !== currency) {
      const params = { serviceId, found: list.currency, expected: currency };
      throw new PricingError('currencyMismatch', 'priceLists', params);
    }
  }

  const start = startingPrice(service, selection.buyerList, selection.defaultList);
  const outcome = applyRules(start.amountMinor, governing?.rules ?? [], serviceId, quantity);
  const lineTotalMinor = multiplySafe(outcome.unitPriceMinor, quantity);
  if (!Number.isSafeInteger(outcome.unitPriceMinor) || lineTotalMinor === undefined) {
    throw new PricingError('amountOverflow', field, { serviceId });
  }

  const line: PricedLine = {
    serviceId,
    serviceVersion: service.version,
    quantity,
    unitPriceMinor: outcome.unitPriceMinor,
    lineTotalMinor,
    priceListId: governing?.priceListId ?? null,
    priceListVersion: governing?.version ?? null,
    priceSource: start.source,
    appliedRules: outcome.appliedRules,
    components: priceComponents(service, lineTotalMinor, field),
  };
  return { line, currency };
}

function startingPrice(
  service: ServiceSnapshot,
  buyerList: PriceList | undefined,
  defaultList: PriceList | undefined,
): { amountMinor: number; source: PriceSource } {
  const entryOf = (list: PriceList | undefined) =>
    list?.entries.find((entry) => entry.serviceId === service.serviceId);

  const negotiated = entryOf(buyerList);
  if (negotiated !== undefined)
    return { amountMinor: negotiated.unitPriceMinor, source: 'buyer-list' };

  const listed = entryOf(defaultList);
  if (listed !== undefined) return { amountMinor: listed.unitPriceMinor, source: 'default-list' };

  return { amountMinor: service.basePrice.amountMinor, source: 'base-price' };
}

function priceComponents(
  service: ServiceSnapshot,
  lineTotalMinor: number,
  field: string,
): PricedComponent[] {
  if (service.components.length === 0) return [];

  const shares = service.components.map((component) => component.shareBps);
  const sum = shares.reduce((total, share) => total + share, 0);
  if (sum !== 10_000) {
    throw new PricingError('sharesDoNotSum', field, { serviceId: service.serviceId, sum });
  }

  const amounts = allocateByShares(lineTotalMinor, shares);
  return service.components.map((component, index) => ({
    serviceId: component.serviceId,
    quantity: component.quantity,
    shareBps: component.shareBps,
    amountMinor: amounts[index] ?? 0,
  }));
}
