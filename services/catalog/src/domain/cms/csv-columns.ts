import type { Issue } from '../errors.ts';

/** What an item column of a CMS CSV holds; payer columns of the wide layout name their payer. */
export interface ItemColumn {
  index: number;
  /** The header as written, for messages. */
  header: string;
  /** Lower-case keyword path: "standard_charge|gross", "code|1|type", "count". */
  key: string;
  codeIndex?: number;
  payer?: { payerName: string; planName: string };
}

const payerChargeFields = new Set([
  'negotiated_dollar',
  'negotiated_percentage',
  'negotiated_algorithm',
  'methodology',
]);
const payerFields = new Set([
  'estimated_amount',
  'median_amount',
  '10th_percentile',
  '90th_percentile',
  'count',
  'additional_payer_notes',
]);

/**
 * Reads the item header. Parts are split on "|" and trimmed (CMS's own examples write both
 * "code|1" and "code | 1"); keywords are compared in lower case, payer and plan names as written.
 */
export function readItemHeader(cells: readonly string[]): ItemColumn[] {
  const columns: ItemColumn[] = [];
  for (const [index, raw] of cells.entries()) {
    const header = raw.trim();
    if (header === '') continue;
    const parts = header.split('|').map((part) => part.trim());
    const first = (parts[0] ?? '').toLowerCase();
    const last = (parts.at(-1) ?? '').toLowerCase();

    if (first === 'standard_charge' && parts.length === 4 && payerChargeFields.has(last)) {
      const payer = { payerName: parts[1] ?? '', planName: parts[2] ?? '' };
      columns.push({ index, header, key: `standard_charge|${last}`, payer });
    } else if (payerFields.has(first) && parts.length === 3) {
      columns.push({
        index,
        header,
        key: first,
        payer: { payerName: parts[1] ?? '', planName: parts[2] ?? '' },
      });
    } else if (first === 'code' && /^\d+$/.test(parts[1] ?? '')) {
      const key = parts.length === 3 ? 'code|type' : 'code';
      columns.push({ index, header, key, codeIndex: Number(parts[1]) });
    } else {
      columns.push({ index, header, key: parts.map((part) => part.toLowerCase()).join('|') });
    }
  }
  return columns;
}

export function isWide(columns: readonly ItemColumn[]): boolean {
  return columns.some((column) => column.payer !== undefined);
}

/** Columns CMS requires in every item header of the layout and version. */
export function requiredColumns(wide: boolean, major: number): string[] {
  const common = [
    'description',
    'setting',
    'standard_charge|gross',
    'standard_charge|discounted_cash',
    'standard_charge|min',
    'standard_charge|max',
    'additional_generic_notes',
  ];
  if (wide) return common;
  const tall = [
    ...common,
    'payer_name',
    'plan_name',
    'standard_charge|negotiated_dollar',
    'standard_charge|negotiated_percentage',
    'standard_charge|negotiated_algorithm',
    'standard_charge|methodology',
  ];
  return major >= 3
    ? [...tall, 'median_amount', '10th_percentile', '90th_percentile', 'count']
    : tall;
}

export function checkItemHeader(
  columns: readonly ItemColumn[],
  wide: boolean,
  major: number,
  headerRow: number,
): Issue[] {
  const keys = new Set(columns.map((column) => column.key));
  const issues: Issue[] = requiredColumns(wide, major)
    .filter((key) => !keys.has(key))
    .map((key) => ({
      row: headerRow,
      column: key,
      code: 'MISSING_COLUMN',
      message: `column "${key}" is missing`,
    }));
  if (!columns.some((column) => column.key === 'code' && column.codeIndex !== undefined)) {
    issues.push({
      row: headerRow,
      column: 'code|1',
      code: 'MISSING_COLUMN',
      message: 'no code|i column',
    });
  }

  const seen = new Set<string>();
  for (const column of columns) {
    const id = `${column.key}|${column.codeIndex ?? ''}|${column.payer?.payerName ?? ''}|${column.payer?.planName ?? ''}`;
    if (seen.has(id)) {
      issues.push({
        row: headerRow,
        column: column.header,
        code: 'DUPLICATE_COLUMN',
        message: 'column appears twice',
      });
    }
    seen.add(id);
  }
  return issues;
}
