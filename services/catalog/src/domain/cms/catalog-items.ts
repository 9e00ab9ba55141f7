import type { Json, JsonObject } from './hpt-document.ts';

/** A payer-specific negotiated charge of one item, in integer units. */
export interface PayerCharge {
  payerName: string;
  planName: string;
  methodology: string;
  dollarMinor: number | null;
  /** Percent in basis points: 150 % is 15,000. */
  percentageBps: number | null;
  algorithm: string | null;
  notes: string | null;
}

/** One item or service of a hospital's file, as the catalog keeps it. */
export interface CatalogItem {
  description: string;
  codes: { code: string; type: string }[];
  setting: 'inpatient' | 'outpatient' | 'both';
  grossMinor: number | null;
  discountedCashMinor: number | null;
  minimumMinor: number | null;
  maximumMinor: number | null;
  drug: { unit: number; type: string } | null;
  payers: PayerCharge[];
}

/**
 * Dollars to cents, rounded half up. The decimal is rounded to six places first, so binary
 * noise (0.285 * 100 = 28.4999...) does not turn an exact half into a round-down.
 */
export function dollarsToMinor(dollars: number): number {
  return Math.round(Number((dollars * 100).toFixed(6)));
}

export function minorToDollars(minor: number): number {
  return minor / 100;
}

/**
 * The items of a valid CMS document (any layout, any version, already in the JSON layout).
 * The tall CSV repeats an item once per payer, so items with the same description, codes and
 * setting are merged, their payers appended.
 */
export function catalogItemsFromDocument(document: JsonObject): CatalogItem[] {
  const merged = new Map<string, CatalogItem>();
  for (const entry of asArray(document.standard_charge_information)) {
    if (!isObject(entry)) continue;
    const description = String(entry.description ?? '');
    const codes = asArray(entry.code_information)
      .filter(isObject)
      .map((code) => ({
        code: String(code.code ?? ''),
        type: String(code.type ?? ''),
      }));
    const drug = isObject(entry.drug_information)
      ? { unit: Number(entry.drug_information.unit), type: String(entry.drug_information.type) }
      : null;

    for (const charge of asArray(entry.standard_charges).filter(isObject)) {
      const item = itemOf(description, codes, drug, charge);
      const key = JSON.stringify([description, codes, item.setting]);
      const existing = merged.get(key);
      if (existing === undefined) merged.set(key, item);
      else existing.payers.push(...item.payers);
    }
  }
  return [...merged.values()];
}

function itemOf(
  description: string,
  codes: CatalogItem['codes'],
  drug: CatalogItem['drug'],
  charge: JsonObject,
): CatalogItem {
  return {
    description,
    codes,
    setting: String(charge.setting) as CatalogItem['setting'],
    grossMinor: money(charge.gross_charge),
    discountedCashMinor: money(charge.discounted_cash),
    minimumMinor: money(charge.minimum),
    maximumMinor: money(charge.maximum),
    drug,
    payers: asArray(charge.payers_information).filter(isObject).map(payerOf),
  };
}

function payerOf(payer: JsonObject): PayerCharge {
  const percentage =
    typeof payer.standard_charge_percentage === 'number' ? payer.standard_charge_percentage : null;
  return {
    payerName: String(payer.payer_name ?? ''),
    planName: String(payer.plan_name ?? ''),
    methodology: String(payer.methodology ?? ''),
    dollarMinor: money(payer.standard_charge_dollar),
    percentageBps: percentage === null ? null : Math.round(Number((percentage * 100).toFixed(6))),
    algorithm:
      typeof payer.standard_charge_algorithm === 'string' ? payer.standard_charge_algorithm : null,
    notes: typeof payer.additional_payer_notes === 'string' ? payer.additional_payer_notes : null,
  };
}

function money(value: Json | undefined): number | null {
  return typeof value === 'number' ? dollarsToMinor(value) : null;
}

function asArray(value: Json | undefined): Json[] {
  return Array.isArray(value) ? value : [];
}

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
