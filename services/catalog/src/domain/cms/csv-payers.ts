import { putNumber, putter, type RowContext } from './csv-cells.ts';
import type { ItemColumn } from './csv-columns.ts';
import type { JsonObject } from './hpt-document.ts';

export const payerNumberFields: Readonly<Record<string, string>> = Object.freeze({
  'standard_charge|negotiated_dollar': 'standard_charge_dollar',
  'standard_charge|negotiated_percentage': 'standard_charge_percentage',
  estimated_amount: 'estimated_amount',
  median_amount: 'median_amount',
  '10th_percentile': '10th_percentile',
  '90th_percentile': '90th_percentile',
});
export const payerTextFields: Readonly<Record<string, string>> = Object.freeze({
  'standard_charge|negotiated_algorithm': 'standard_charge_algorithm',
  'standard_charge|methodology': 'methodology',
  count: 'count',
  additional_payer_notes: 'additional_payer_notes',
});

export function tallPayer(
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

export function widePayers(
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
export function convertModifier(
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
