import type { Issue } from '../errors.ts';
import type { HptSchemaVersion, Json, JsonObject } from './hpt-document.ts';

const placeholder = 999_999_999;
const amountFields = ['estimated_amount', 'median_amount', '10th_percentile', '90th_percentile'];

/**
 * Warnings that do not make a file invalid: a false attestation, placeholder amounts (nine 9s),
 * a version other than the one checked, and fields a newer version dropped.
 */
export function documentAlerts(
  document: JsonObject,
  version: HptSchemaVersion,
  exact: boolean,
): Issue[] {
  const alerts: Issue[] = [];
  const group = version.startsWith('3.') ? 'attestation' : 'affirmation';
  const statement = document[group];
  if (isObject(statement) && statement[`confirm_${group}`] === false) {
    alerts.push({
      pointer: `/${group}/confirm_${group}`,
      code: 'FALSE_ATTESTATION',
      message: `the ${group} is not confirmed`,
    });
  }
  if (!exact) {
    alerts.push({
      pointer: '/version',
      code: 'VERSION_MISMATCH',
      message: `checked against ${version}, the file says ${String(document.version ?? 'nothing')}`,
    });
  }

  const items = Array.isArray(document.standard_charge_information)
    ? document.standard_charge_information
    : [];
  for (const [i, item] of items.entries()) {
    const charges =
      isObject(item) && Array.isArray(item.standard_charges) ? item.standard_charges : [];
    for (const [j, charge] of charges.entries()) {
      const payers =
        isObject(charge) && Array.isArray(charge.payers_information)
          ? charge.payers_information
          : [];
      for (const [k, payer] of payers.entries()) {
        if (!isObject(payer)) continue;
        alerts.push(
          ...payerAlerts(
            payer,
            `/standard_charge_information/${i}/standard_charges/${j}/payers_information/${k}`,
            version,
          ),
        );
      }
    }
  }
  return alerts;
}

function payerAlerts(payer: JsonObject, base: string, version: HptSchemaVersion): Issue[] {
  const alerts: Issue[] = [];
  for (const field of amountFields) {
    if (payer[field] === placeholder) {
      alerts.push({
        pointer: `${base}/${field}`,
        code: 'NINE_NINES',
        message: 'nine 9s used as an amount',
      });
    }
  }
  if (payer.count === String(placeholder)) {
    alerts.push({
      pointer: `${base}/count`,
      code: 'NINE_NINES',
      message: 'nine 9s used as a count',
    });
  }
  if (version.startsWith('3.') && payer.estimated_amount !== undefined) {
    alerts.push({
      pointer: `${base}/estimated_amount`,
      code: 'DROPPED_FIELD',
      message: 'estimated_amount is no longer part of v3.0; median and percentiles replace it',
    });
  }
  return alerts;
}

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
