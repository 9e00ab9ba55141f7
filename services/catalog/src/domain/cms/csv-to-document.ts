import { type CsvConversion, putNumber, putter, type RowContext } from './csv-cells.ts';
import { checkItemHeader, type ItemColumn, isWide, readItemHeader } from './csv-columns.ts';
import { readMetadata } from './csv-metadata.ts';
import { convertModifier, tallPayer, widePayers } from './csv-payers.ts';
import type { Json, JsonObject } from './hpt-document.ts';

export type { CsvConversion } from './csv-cells.ts';

const numberFields: Readonly<Record<string, string>> = Object.freeze({
  'standard_charge|gross': 'gross_charge',
  'standard_charge|discounted_cash': 'discounted_cash',
  'standard_charge|min': 'minimum',
  'standard_charge|max': 'maximum',
});
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
