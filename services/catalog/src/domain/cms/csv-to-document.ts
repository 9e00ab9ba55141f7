import type { Issue } from '../errors.ts';
import { checkItemHeader, type ItemColumn, isWide, readItemHeader } from './csv-columns.ts';
import { readMetadata } from './csv-metadata.ts';
import type { CsvLocation, HptLayout, Json, JsonObject } from './hpt-document.ts';

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

const numberFields: Readonly<Record<string, string>> = Object.freeze({
  'standard_charge|gross': 'gross_charge',
  'standard_charge|discounted_cash': 'discounted_cash',
  'standard_charge|min': 'minimum',
  'standard_charge|max': 'maximum',
});
const payerNumberFields: Readonly<Record<string, string>> = Object.freeze({
  'standard_charge|negotiated_dollar': 'standard_charge_dollar',
  'standard_charge|negotiated_percentage': 'standard_charge_percentage',
  estimated_amount: 'estimated_amount',
  median_amount: 'median_amount',
  '10th_percentile': '10th_percentile',
  '90th_percentile': '90th_percentile',
});
const payerTextFields: Readonly<Record<string, string>> = Object.freeze({
  'standard_charge|negotiated_algorithm': 'standard_charge_algorithm',
  'standard_charge|methodology': 'methodology',
  count: 'count',
  additional_payer_notes: 'additional_payer_notes',
});

interface RowContext {
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
export function csvToDocument(
  rows: readonly (readonly string[])[],
  majorOf: (v: string | undefined) => number,
): CsvConversion {
  const metadata = readMetadata(rows[0] ?? [], rows[1] ?? [], majorOf);
  const major = majorOf(metadata.declaredVersion);
  const headerCells = rows[2] ?? [];
  const columns = readItemHeader(headerCells);
  const wide = isWide(columns);
  const conversion: CsvConversion = {
    layout: wide ? 'csv-wide' : 'csv-tall',
    declaredVersion: metadata.declaredVersion,
    document: { ...metadata.document, standard_charge_information: [] },
    locations: metadata.locations,
    issues: [...metadata.issues],
    warnings: [],
  };

  if (columns.length === 0) {
    conversion.issues.push({
      row: 3,
      code: 'BLANK_ITEM_HEADER',
      message: 'the item header row (row 3) is blank',
    });
    return conversion;
  }
  conversion.issues.push(...checkItemHeader(columns, wide, major, 3));
  if (conversion.issues.length > 0) return conversion;

  warnBlankHeaders(headerCells, rows, conversion);
  const body = rows.slice(3);
  let items = 0;
  for (const [offset, cells] of body.entries()) {
    if (cells.every((cell) => cell.trim() === '')) continue;
    const row = offset + 4;
    if (cells.length < headerCells.length) {
      conversion.warnings.push({
        row,
        code: 'SHORT_ROW',
        message: `${cells.length} of ${headerCells.length} cells; the rest read as blank`,
      });
    }
    items += convertRow({ row, cells, item: items, conversion }, columns, wide, major);
  }
  if (items === 0)
    conversion.issues.push({ row: 4, code: 'NO_DATA', message: 'the file has no item rows' });
  return conversion;
}

function warnBlankHeaders(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  conversion: CsvConversion,
) {
  for (const [index, name] of header.entries()) {
    if (name.trim() !== '') continue;
    const used = rows.slice(3).findIndex((cells) => (cells[index] ?? '').trim() !== '');
    if (used >= 0) {
      conversion.warnings.push({
        row: used + 4,
        column: `#${index + 1}`,
        code: 'UNNAMED_COLUMN',
        message: 'a value under a blank header was ignored',
      });
    }
  }
}

/** Returns 1 when the row became an item (or a modifier), else 0. */
function convertRow(
  context: RowContext,
  columns: readonly ItemColumn[],
  wide: boolean,
  major: number,
): number {
  const cell = (key: string) =>
    columns.find((column) => column.key === key && column.payer === undefined);
  const text = (column: ItemColumn | undefined) =>
    column === undefined ? '' : (context.cells[column.index] ?? '').trim();
  const base = `/standard_charge_information/${context.item}`;
  const put = putter(context);

  const codes = codeColumns(columns).flatMap(([codeColumn, typeColumn]) => {
    const code = text(codeColumn);
    const type = text(typeColumn);
    return code === '' && type === '' ? [] : [{ code, type, codeColumn, typeColumn }];
  });
  if (codes.length === 0 && text(cell('modifiers')) !== '')
    return convertModifier(context, columns, wide, text);

  const item: JsonObject = {};
  const charge: JsonObject = {};
  put(item, base, 'description', text(cell('description')), cell('description'));
  item.code_information = codes.map((code, index) => {
    const entry: JsonObject = {};
    put(entry, `${base}/code_information/${index}`, 'code', code.code, code.codeColumn);
    put(
      entry,
      `${base}/code_information/${index}`,
      'type',
      code.type.toUpperCase(),
      code.typeColumn,
    );
    return entry;
  });
  readDrug(context, item, base, cell, text, major);

  const chargeBase = `${base}/standard_charges/0`;
  put(charge, chargeBase, 'setting', text(cell('setting')).toLowerCase(), cell('setting'));
  for (const [key, field] of Object.entries(numberFields))
    putNumber(context, charge, chargeBase, field, cell(key));
  put(
    charge,
    chargeBase,
    'additional_generic_notes',
    text(cell('additional_generic_notes')),
    cell('additional_generic_notes'),
  );
  const modifiers = text(cell('modifiers'));
  if (modifiers !== '') charge.modifier_code = modifiers.split('|').map((m) => m.trim());

  const payers = wide
    ? widePayers(context, columns, chargeBase)
    : tallPayer(context, columns, chargeBase, cell, text);
  if (payers.length > 0) charge.payers_information = payers;
  item.standard_charges = [charge];
  (context.conversion.document.standard_charge_information as Json[]).push(item);
  return 1;
}

function codeColumns(columns: readonly ItemColumn[]): [ItemColumn, ItemColumn | undefined][] {
  const codes = columns.filter((column) => column.key === 'code' && column.codeIndex !== undefined);
  return codes
    .sort((a, b) => (a.codeIndex ?? 0) - (b.codeIndex ?? 0))
    .map((code) => [
      code,
      columns.find((column) => column.key === 'code|type' && column.codeIndex === code.codeIndex),
    ]);
}

function putter(context: RowContext) {
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

function putNumber(
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

function readDrug(
  context: RowContext,
  item: JsonObject,
  base: string,
  cell: (key: string) => ItemColumn | undefined,
  text: (column: ItemColumn | undefined) => string,
  major: number,
): void {
  const unitColumn = cell('drug_unit_of_measurement');
  const typeColumn = cell('drug_type_of_measurement');
  const unit = text(unitColumn);
  const type = text(typeColumn);
  if (unit === '' && type === '') return;

  const drug: JsonObject = {};
  // Version 3 made the unit a number; version 2 schemas describe it as a string.
  if (major >= 3) putNumber(context, drug, `${base}/drug_information`, 'unit', unitColumn);
  else putter(context)(drug, `${base}/drug_information`, 'unit', unit, unitColumn);
  putter(context)(drug, `${base}/drug_information`, 'type', type.toUpperCase(), typeColumn);
  item.drug_information = drug;
}

function tallPayer(
  context: RowContext,
  columns: readonly ItemColumn[],
  chargeBase: string,
  cell: (key: string) => ItemColumn | undefined,
  text: (column: ItemColumn | undefined) => string,
): JsonObject[] {
  const payerKeys = [
    'payer_name',
    'plan_name',
    ...Object.keys(payerNumberFields),
    ...Object.keys(payerTextFields),
  ];
  if (payerKeys.every((key) => text(cell(key)) === '')) return [];

  const base = `${chargeBase}/payers_information/0`;
  const payer: JsonObject = {};
  const put = putter(context);
  put(payer, base, 'payer_name', text(cell('payer_name')), cell('payer_name'));
  put(payer, base, 'plan_name', text(cell('plan_name')), cell('plan_name'));
  fillPayer(context, payer, base, (key) =>
    columns.find((c) => c.key === key && c.payer === undefined),
  );
  // The tall layout has no payer notes column: its generic notes explain the payer's charge.
  if (payer.additional_payer_notes === undefined) {
    put(
      payer,
      base,
      'additional_payer_notes',
      text(cell('additional_generic_notes')),
      cell('additional_generic_notes'),
    );
  }
  return [payer];
}

function widePayers(
  context: RowContext,
  columns: readonly ItemColumn[],
  chargeBase: string,
): JsonObject[] {
  const names = new Map<string, { payerName: string; planName: string }>();
  for (const column of columns) {
    if (column.payer !== undefined)
      names.set(`${column.payer.payerName}|${column.payer.planName}`, column.payer);
  }

  const payers: JsonObject[] = [];
  for (const [id, names_] of names) {
    const mine = (key: string) =>
      columns.find(
        (c) =>
          c.key === key &&
          c.payer !== undefined &&
          `${c.payer.payerName}|${c.payer.planName}` === id,
      );
    const filled = columns.some(
      (c) =>
        c.payer !== undefined &&
        `${c.payer.payerName}|${c.payer.planName}` === id &&
        (context.cells[c.index] ?? '').trim() !== '',
    );
    if (!filled) continue;
    const base = `${chargeBase}/payers_information/${payers.length}`;
    const payer: JsonObject = { payer_name: names_.payerName, plan_name: names_.planName };
    fillPayer(context, payer, base, mine);
    payers.push(payer);
  }
  return payers;
}

function fillPayer(
  context: RowContext,
  payer: JsonObject,
  base: string,
  find: (key: string) => ItemColumn | undefined,
): void {
  for (const [key, field] of Object.entries(payerNumberFields))
    putNumber(context, payer, base, field, find(key));
  for (const [key, field] of Object.entries(payerTextFields)) {
    const column = find(key);
    const value = column === undefined ? '' : (context.cells[column.index] ?? '').trim();
    putter(context)(
      payer,
      base,
      field,
      key === 'standard_charge|methodology' ? value.toLowerCase() : value,
      column,
    );
  }
}

/** A row with modifiers and no code describes a modifier for CMS's modifier_information. */
function convertModifier(
  context: RowContext,
  columns: readonly ItemColumn[],
  wide: boolean,
  text: (column: ItemColumn | undefined) => string,
): number {
  const document = context.conversion.document;
  document.modifier_information ??= [];
  const list = document.modifier_information as JsonObject[];
  const find = (key: string) =>
    columns.find((column) => column.key === key && column.payer === undefined);
  const description = text(find('description'));
  const code = text(find('modifiers'));
  let modifier = list.find((entry) => entry.description === description && entry.code === code);
  if (modifier === undefined) {
    modifier = { description, code, modifier_payer_information: [] };
    const setting = text(find('setting')).toLowerCase();
    if (setting !== '') modifier.setting = setting;
    list.push(modifier);
  }

  const payers = modifier.modifier_payer_information as JsonObject[];
  if (wide) {
    payers.push(...wideModifierPayers(context, columns));
    return 0;
  }
  const notes = text(find('additional_generic_notes'));
  const payerName = text(find('payer_name'));
  const planName = text(find('plan_name'));
  if (payerName !== '' || planName !== '' || notes !== '') {
    payers.push({ payer_name: payerName, plan_name: planName, description: notes });
  }
  return 0;
}

/** In the wide layout a modifier's payers are the payer columns it fills; notes describe it. */
function wideModifierPayers(context: RowContext, columns: readonly ItemColumn[]): JsonObject[] {
  const payers = new Map<string, JsonObject>();
  for (const column of columns) {
    const value = (context.cells[column.index] ?? '').trim();
    if (column.payer === undefined || value === '') continue;
    const id = `${column.payer.payerName}|${column.payer.planName}`;
    const payer = payers.get(id) ?? {
      payer_name: column.payer.payerName,
      plan_name: column.payer.planName,
      description: '',
    };
    if (column.key === 'additional_payer_notes') payer.description = value;
    payers.set(id, payer);
  }
  return [...payers.values()];
}
