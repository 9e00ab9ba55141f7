import type { ProcedureSystem, ServiceDetails } from '../catalog-service.ts';
import type { CatalogItem } from './catalog-items.ts';

// Most specific first: a CPT or HCPCS code names a procedure; a revenue code (RC) or a
// chargemaster number only a department or a line.
const preference: readonly ProcedureSystem[] = [
  'CPT',
  'HCPCS',
  'MS-DRG',
  'APR-DRG',
  'CDT',
  'NDC',
  'ICD',
  'LOCAL',
  'RC',
];

export function procedureCodeOf(item: CatalogItem): ServiceDetails['procedureCode'] {
  for (const system of preference) {
    const found = item.codes.find((code) => code.type === system);
    if (found !== undefined) return { system, code: found.code.slice(0, 40) };
  }
  const first = item.codes[0];
  return {
    system: 'LOCAL',
    code: (first === undefined ? 'UNCODED' : `${first.type}:${first.code}`).slice(0, 40),
  };
}

/**
 * The service a CMS item becomes. Its base price is what a buyer without a contract pays: the
 * discounted cash price, else the gross charge, else the lowest payer dollar amount.
 */
export function serviceFromItem(item: CatalogItem): ServiceDetails & { status: 'published' } {
  const dollars = item.payers.flatMap((payer) =>
    payer.dollarMinor === null ? [] : [payer.dollarMinor],
  );
  const base =
    item.discountedCashMinor ?? item.grossMinor ?? (dollars.length > 0 ? Math.min(...dollars) : 0);
  return {
    name: item.description.slice(0, 300),
    description: item.description,
    procedureCode: procedureCodeOf(item),
    indicationCodes: [],
    careSetting: item.setting,
    unit: item.drug === null ? 'item' : `${item.drug.unit} ${item.drug.type}`.slice(0, 40),
    basePrice: { amountMinor: base, currency: 'USD' },
    components: [],
    availability: 'available',
    status: 'published',
  };
}
