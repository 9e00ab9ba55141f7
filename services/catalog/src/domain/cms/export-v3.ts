import { type CatalogItem, minorToDollars, type PayerCharge } from './catalog-items.ts';
import type { JsonObject } from './hpt-document.ts';

/** What CMS asks about the hospital itself, kept from its last import or set by the provider. */
export interface HospitalProfile {
  hospitalName: string;
  locationNames: string[];
  hospitalAddresses: string[];
  licenseNumber: string | null;
  licenseState: string;
  type2Npis: string[];
  attesterName: string;
  attestationConfirmed: boolean;
}

export const v3AttestationStatement =
  'To the best of its knowledge and belief, this hospital has included all applicable standard charge information in accordance with the requirements of 45 CFR 180.50, and the information encoded is true, accurate, and complete as of the date in the file. This hospital has included all payer-specific negotiated charges in dollars that can be expressed as a dollar amount. For payer-specific negotiated charges that cannot be expressed as a dollar amount in the machine-readable file or not knowable in advance, the hospital attests that the payer-specific negotiated charge is based on a contractual algorithm, percentage or formula that precludes the provision of a dollar amount and has provided all necessary information available to the hospital for the public to be able to derive the dollar amount, including, but not limited to, the specific fee schedule or components referenced in such percentage, algorithm or formula.';

/**
 * A provider's catalog as a CMS v3.0.0 JSON file. Minimum and maximum are derived from the
 * payer dollar amounts when the catalog has none, since v3 requires them beside any dollar
 * amount. Known limit: allowed-amount statistics (median, percentiles, count) are not kept by
 * the catalog, so a percentage or algorithm charge is exported with count "0" and a note.
 */
export function exportV3(
  profile: HospitalProfile,
  items: readonly CatalogItem[],
  lastUpdatedOn: string,
): JsonObject {
  const document: JsonObject = {
    hospital_name: profile.hospitalName,
    last_updated_on: lastUpdatedOn,
    version: '3.0.0',
    location_name: profile.locationNames,
    hospital_address: profile.hospitalAddresses,
    license_information: {
      ...(profile.licenseNumber === null ? {} : { license_number: profile.licenseNumber }),
      state: profile.licenseState,
    },
    type_2_npi: profile.type2Npis,
    attestation: {
      attestation: v3AttestationStatement,
      confirm_attestation: profile.attestationConfirmed,
      attester_name: profile.attesterName,
    },
    standard_charge_information: items.map(exportItem),
  };
  return document;
}

function exportItem(item: CatalogItem): JsonObject {
  const dollars = item.payers.flatMap((payer) =>
    payer.dollarMinor === null ? [] : [payer.dollarMinor],
  );
  const minimum = item.minimumMinor ?? (dollars.length > 0 ? Math.min(...dollars) : null);
  const maximum = item.maximumMinor ?? (dollars.length > 0 ? Math.max(...dollars) : null);
  const charge: JsonObject = { setting: item.setting };
  if (item.grossMinor !== null) charge.gross_charge = minorToDollars(item.grossMinor);
  if (item.discountedCashMinor !== null)
    charge.discounted_cash = minorToDollars(item.discountedCashMinor);
  if (minimum !== null) charge.minimum = minorToDollars(minimum);
  if (maximum !== null) charge.maximum = minorToDollars(maximum);
  if (item.payers.length > 0) charge.payers_information = item.payers.map(exportPayer);

  const entry: JsonObject = {
    description: item.description,
    code_information: item.codes.map((code) => ({ code: code.code, type: code.type })),
    standard_charges: [charge],
  };
  if (item.drug !== null) entry.drug_information = { unit: item.drug.unit, type: item.drug.type };
  return entry;
}

function exportPayer(payer: PayerCharge): JsonObject {
  const out: JsonObject = {
    payer_name: payer.payerName,
    plan_name: payer.planName,
    methodology: payer.methodology,
  };
  if (payer.dollarMinor !== null) out.standard_charge_dollar = minorToDollars(payer.dollarMinor);
  if (payer.percentageBps !== null) out.standard_charge_percentage = payer.percentageBps / 100;
  if (payer.algorithm !== null) out.standard_charge_algorithm = payer.algorithm;
  if (payer.percentageBps !== null || payer.algorithm !== null) {
    out.count = '0';
    out.additional_payer_notes =
      payer.notes ?? 'Allowed amounts are not published by this catalog.';
  } else if (payer.notes !== null) {
    out.additional_payer_notes = payer.notes;
  }
  return out;
}

/** The hospital profile a valid CMS document states (v2 or v3 names). */
export function profileFromDocument(document: JsonObject): HospitalProfile {
  const list = (value: unknown) => (Array.isArray(value) ? value.map(String) : []);
  const license = (document.license_information ?? {}) as JsonObject;
  const statement = (document.attestation ?? document.affirmation ?? {}) as JsonObject;
  return {
    hospitalName: String(document.hospital_name ?? ''),
    locationNames: list(document.location_name ?? document.hospital_location),
    hospitalAddresses: list(document.hospital_address),
    licenseNumber: typeof license.license_number === 'string' ? license.license_number : null,
    licenseState: String(license.state ?? ''),
    type2Npis: list(document.type_2_npi),
    attesterName:
      typeof statement.attester_name === 'string' ? statement.attester_name : 'Not stated',
    attestationConfirmed:
      statement.confirm_attestation === true || statement.confirm_affirmation === true,
  };
}
