import type { Issue } from '../errors.ts';
import type { ItemColumn } from './csv-columns.ts';
import type { CsvLocation, HptLayout, JsonObject } from './hpt-document.ts';

export interface CsvConversion {
  layout: HptLayout;
  declaredVersion: string | undefined;
  /** The file as CMS's JSON layout, so one JSON Schema checks all three layouts. */
  document: JsonObject;
  /** JSON pointer of each value to the CSV cell it came from. */
  locations: Map<string, CsvLocation>;
  /** Problems that exist only in CSV (header, cells that are not numbers). */
  issues: Issue[];
  warnings: Issue[];
}

export interface RowContext {
  row: number;
  cells: readonly string[];
  item: number;
  conversion: CsvConversion;
}

/**
 * Converts a CMS CSV (tall or wide), given as rows of cells, into CMS's JSON layout with a map
 * back to rows and columns. Row 1 names the metadata, row 2 holds it, row 3 is the item header
 * and items follow. Each item row becomes one standard charge information entry.
 */
export function putter(context: RowContext) {
  return (
    target: JsonObject,
    base: string,
    field: string,
    value: string,
    column: ItemColumn | undefined,
  ) => {
    if (column === undefined) return;
    context.conversion.locations.set(`${base}/${field}`, {
      row: context.row,
      column: column.header,
    });
    if (value !== '') target[field] = value;
  };
}

export function putNumber(
  context: RowContext,
  target: JsonObject,
  base: string,
  field: string,
  column: ItemColumn | undefined,
): void {
  if (column === undefined) return;
  const raw = (context.cells[column.index] ?? '').trim();
  context.conversion.locations.set(`${base}/${field}`, { row: context.row, column: column.header });
  if (raw === '') return;
  const value = Number(raw.replace(/^\$/, '').replace(/,/g, ''));
  if (Number.isFinite(value)) {
    target[field] = value;
    return;
  }
  context.conversion.issues.push({
    row: context.row,
    column: column.header,
    code: 'NOT_A_NUMBER',
    message: `"${raw}" is not a number`,
  });
}
