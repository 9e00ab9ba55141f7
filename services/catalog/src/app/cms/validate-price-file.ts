import { parse } from 'csv-parse/sync';
import { csvToDocument } from '../../domain/cms/csv-to-document.ts';
import { decodeText } from '../../domain/cms/decode-text.ts';
import { documentAlerts } from '../../domain/cms/document-alerts.ts';
import {
  type CsvLocation,
  type HptLayout,
  type HptSchemaVersion,
  type JsonObject,
  schemaVersionFor,
} from '../../domain/cms/hpt-document.ts';
import type { Issue } from '../../domain/errors.ts';
import type { HptSchemas } from './hpt-schemas.ts';

export interface PriceFileReport {
  valid: boolean;
  layout: HptLayout;
  declaredVersion: string | null;
  schemaVersion: HptSchemaVersion;
  errors: Issue[];
  warnings: Issue[];
  /** The file in CMS's JSON layout; present when valid. */
  document: JsonObject | null;
}

const maxIssues = 500;

/**
 * Validates a CMS standard-charges file in any layout against the schema of a version. CSV is
 * first turned into the JSON layout with a map back to its cells, so the same JSON Schema (and
 * so the same CMS rules) checks every layout, and each error is reported where it is in the
 * file: a row and column for CSV, a JSON pointer for JSON.
 */
export function validatePriceFile(
  schemas: HptSchemas,
  bytes: Uint8Array,
  requested?: HptSchemaVersion,
): PriceFileReport {
  const decoded = decodeText(bytes);
  const warnings: Issue[] = [];
  if (decoded.encoding === 'windows-1252') {
    warnings.push({ code: 'NOT_UTF8', message: 'the file is not UTF-8; read as Windows-1252' });
  }

  const looksJson = /^\s*[[{]/.test(decoded.text);
  return looksJson
    ? validateJson(schemas, decoded.text, warnings, requested)
    : validateCsv(schemas, decoded.text, warnings, requested);
}

function validateJson(
  schemas: HptSchemas,
  text: string,
  warnings: Issue[],
  requested: HptSchemaVersion | undefined,
): PriceFileReport {
  let document: JsonObject;
  try {
    document = JSON.parse(text) as JsonObject;
  } catch (error) {
    const message = error instanceof Error ? error.message : 'not JSON';
    const schemaVersion = requested ?? '3.0.0';
    const errors = [{ pointer: '', code: 'INVALID_JSON', message }];
    return {
      valid: false,
      layout: 'json',
      declaredVersion: null,
      schemaVersion,
      errors,
      warnings,
      document: null,
    };
  }

  const declared = typeof document?.version === 'string' ? document.version : null;
  const { version, exact } = schemaVersionFor(declared, requested);
  const errors = schemaErrors(schemas, version, document);
  warnings.push(...documentAlerts(document, version, exact));
  return finish('json', declared, version, errors, warnings, document);
}

function validateCsv(
  schemas: HptSchemas,
  text: string,
  warnings: Issue[],
  requested: HptSchemaVersion | undefined,
): PriceFileReport {
  // relax_column_count: short rows are a quirk to warn about, not a reason to stop reading.
  const rows = parse(text, {
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: false,
  }) as string[][];
  const majorOf = (declared: string | undefined) =>
    Number(schemaVersionFor(declared, requested).version.split('.')[0]);
  const conversion = csvToDocument(rows, majorOf);
  const { version, exact } = schemaVersionFor(conversion.declaredVersion, requested);
  warnings.push(...conversion.warnings);

  const declared = conversion.declaredVersion ?? null;
  if (conversion.issues.length > 0) {
    return finish(conversion.layout, declared, version, conversion.issues, warnings, null);
  }

  const locate = locator(conversion.locations);
  const errors = schemaErrors(schemas, version, conversion.document).map(locate);
  warnings.push(...documentAlerts(conversion.document, version, exact).map(locate));
  return finish(conversion.layout, declared, version, errors, warnings, conversion.document);
}

function schemaErrors(schemas: HptSchemas, version: HptSchemaVersion, document: unknown): Issue[] {
  const validate = schemas.get(version);
  if (validate === undefined) throw new Error(`no schema for ${version}`);
  if (validate(document)) return [];
  return (validate.errors ?? []).map((error) => {
    const missing = (error.params as { missingProperty?: string }).missingProperty;
    return {
      pointer: error.instancePath,
      ...(missing === undefined ? {} : { field: missing }),
      code: `SCHEMA_${error.keyword.toUpperCase()}`,
      message: error.message ?? 'is invalid',
    };
  });
}

/** Adds the CSV row and column to an issue found in the converted document. */
function locator(locations: ReadonlyMap<string, CsvLocation>) {
  return (issue: Issue): Issue => {
    const pointer = issue.pointer ?? '';
    const exact = locations.get(issue.field === undefined ? pointer : `${pointer}/${issue.field}`);
    const within = exact ?? [...locations].find(([key]) => key.startsWith(`${pointer}/`))?.[1];
    const at = exact ?? locations.get(pointer) ?? within;
    if (at === undefined) return issue;
    return {
      ...issue,
      row: at.row,
      column: exact === undefined && issue.field !== undefined ? issue.field : at.column,
    };
  };
}

function finish(
  layout: HptLayout,
  declaredVersion: string | null,
  schemaVersion: HptSchemaVersion,
  errors: Issue[],
  warnings: Issue[],
  document: JsonObject | null,
): PriceFileReport {
  const valid = errors.length === 0;
  return {
    valid,
    layout,
    declaredVersion,
    schemaVersion,
    errors: errors.slice(0, maxIssues),
    warnings: warnings.slice(0, maxIssues),
    document: valid ? document : null,
  };
}
