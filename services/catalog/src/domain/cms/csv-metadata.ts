import type { Issue } from '../errors.ts';
import type { CsvLocation, JsonObject } from './hpt-document.ts';

export interface MetadataResult {
  document: JsonObject;
  locations: Map<string, CsvLocation>;
  issues: Issue[];
  declaredVersion: string | undefined;
}

const statementStart = 'to the best of its knowledge and belief';

/**
 * Rows 1 and 2 of a CMS CSV: the metadata names and their values. The attestation column is
 * named by the attestation statement itself; the license column carries the state after "|".
 */
export function readMetadata(
  names: readonly string[],
  values: readonly string[],
  major: (declared: string | undefined) => number,
): MetadataResult {
  const locations = new Map<string, CsvLocation>();
  const issues: Issue[] = [];
  const document: JsonObject = {};
  const byKey = new Map<string, { index: number; header: string }>();

  for (const [index, raw] of names.entries()) {
    const header = raw.trim();
    if (header === '') continue;
    byKey.set(metadataKey(header), { index, header });
  }

  const value = (key: string) => {
    const column = byKey.get(key);
    return column === undefined ? '' : (values[column.index] ?? '').trim();
  };
  const set = (pointer: string, key: string, content: string | string[] | boolean) => {
    const column = byKey.get(key);
    if (column !== undefined) locations.set(pointer, { row: 2, column: column.header });
    const name = pointer.split('/').filter(Boolean);
    let target: JsonObject = document;
    for (const part of name.slice(0, -1)) {
      target[part] ??= {};
      target = target[part] as JsonObject;
    }
    target[name.at(-1) ?? ''] = content;
  };

  const declaredVersion = value('version') || undefined;
  const v3 = major(declaredVersion) >= 3;
  const listOf = (key: string) =>
    value(key)
      .split('|')
      .map((part) => part.trim());

  if (value('hospital_name')) set('/hospital_name', 'hospital_name', value('hospital_name'));
  if (value('last_updated_on'))
    set('/last_updated_on', 'last_updated_on', isoDate(value('last_updated_on')));
  if (declaredVersion) set('/version', 'version', declaredVersion);
  const locationKey = v3 ? 'location_name' : 'hospital_location';
  if (value(locationKey)) set(`/${locationKey}`, locationKey, listOf(locationKey));
  if (value('hospital_address'))
    set('/hospital_address', 'hospital_address', listOf('hospital_address'));
  if (v3 && value('type_2_npi')) set('/type_2_npi', 'type_2_npi', listOf('type_2_npi'));

  readLicense(byKey, value, set, issues);
  readStatement(byKey, value, set, v3, issues);
  return { document, locations, issues, declaredVersion };
}

function metadataKey(header: string): string {
  const lower = header.toLowerCase();
  if (lower.startsWith(statementStart)) return 'statement';
  if (lower.startsWith('license_number')) return 'license_number';
  return lower;
}

type Setter = (pointer: string, key: string, content: string | string[] | boolean) => void;

function readLicense(
  byKey: Map<string, { index: number; header: string }>,
  value: (key: string) => string,
  set: Setter,
  issues: Issue[],
): void {
  const column = byKey.get('license_number');
  if (column === undefined) {
    issues.push({
      row: 1,
      column: 'license_number|[state]',
      code: 'MISSING_COLUMN',
      message: 'column is missing',
    });
    return;
  }
  const state = (column.header.split('|')[1] ?? '').trim().toUpperCase();
  set('/license_information/state', 'license_number', state);
  if (value('license_number'))
    set('/license_information/license_number', 'license_number', value('license_number'));
}

function readStatement(
  byKey: Map<string, { index: number; header: string }>,
  value: (key: string) => string,
  set: Setter,
  v3: boolean,
  issues: Issue[],
): void {
  const column = byKey.get('statement');
  if (column === undefined) {
    const name = v3 ? 'attestation' : 'affirmation';
    issues.push({
      row: 1,
      column: name,
      code: 'MISSING_COLUMN',
      message: `the ${name} column is missing`,
    });
    return;
  }
  const confirmed = value('statement').toLowerCase();
  if (confirmed !== 'true' && confirmed !== 'false') {
    issues.push({
      row: 2,
      column: column.header.slice(0, 40),
      code: 'NOT_BOOLEAN',
      message: 'must be true or false',
    });
  }
  const group = v3 ? 'attestation' : 'affirmation';
  set(`/${group}/${group}`, 'statement', column.header);
  set(`/${group}/confirm_${group}`, 'statement', confirmed === 'true');
  if (v3 && value('attester_name'))
    set('/attestation/attester_name', 'attester_name', value('attester_name'));
}

/** CMS's CSV examples write dates as M/D/YYYY as well as YYYY-MM-DD; JSON wants the latter. */
export function isoDate(text: string): string {
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
  if (us === null) return text;
  return `${us[3]}-${(us[1] ?? '').padStart(2, '0')}-${(us[2] ?? '').padStart(2, '0')}`;
}
