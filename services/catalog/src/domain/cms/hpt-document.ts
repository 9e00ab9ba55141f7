/** Schema versions of CMS's Hospital Price Transparency files that the catalog validates. */
export const HptSchemaVersions = Object.freeze([
  '2.0.0',
  '2.1.0',
  '2.2.0',
  '2.2.1',
  '3.0.0',
] as const);
export type HptSchemaVersion = (typeof HptSchemaVersions)[number];

export const HptLayouts = Object.freeze({
  json: 'json',
  csvTall: 'csv-tall',
  csvWide: 'csv-wide',
} as const);
export type HptLayout = (typeof HptLayouts)[keyof typeof HptLayouts];

/** A JSON value as parsed; the JSON Schema decides its shape. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** Where a value of the normalized document came from in a CSV file. */
export interface CsvLocation {
  row: number;
  column: string;
}

/**
 * Picks the schema a file is checked against: the one asked for, else the one the file
 * declares ("2.0" counts as 2.0.0), else the newest of the declared major version, else 3.0.0.
 */
export function schemaVersionFor(
  declared: unknown,
  requested: HptSchemaVersion | undefined,
): { version: HptSchemaVersion; exact: boolean } {
  if (requested !== undefined) {
    // A minor version apart is the same format with more rules; a major version is not.
    const major = (version: string | undefined) => version?.split('.')[0];
    return { version: requested, exact: major(normalizeVersion(declared)) === major(requested) };
  }
  const normalized = normalizeVersion(declared);
  const known = HptSchemaVersions.find((version) => version === normalized);
  if (known !== undefined) return { version: known, exact: true };
  if (typeof normalized === 'string' && normalized.startsWith('2.')) {
    return { version: '2.2.1', exact: false };
  }
  return { version: '3.0.0', exact: false };
}

function normalizeVersion(declared: unknown): string | undefined {
  if (typeof declared !== 'string') return undefined;
  const parts = declared.trim().replace(/^v/i, '').split('.');
  while (parts.length < 3) parts.push('0');
  return parts.join('.');
}
