import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import ExcelJS from 'exceljs';
import type { Tabulation } from '../../domain/icd11/read-tabulation.ts';

/** Reads WHO's SimpleTabulation from its .xlsx or its tab-delimited .txt, by file extension. */
export async function readIcd11Tabulation(path: string): Promise<Tabulation> {
  const extension = extname(path).toLowerCase();
  if (extension === '.xlsx') return readXlsx(path);
  if (extension === '.txt' || extension === '.tsv') return parseTabDelimited(await readFile(path));
  throw new Error(`unsupported ICD-11 tabulation file type ${extension}`);
}

/**
 * Streams the first worksheet: exceljs's streaming reader keeps the shared strings and the rows
 * as plain arrays, not a workbook model, which is what makes the 28 MB sheet quick to read.
 */
async function readXlsx(path: string): Promise<Tabulation> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, {
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'ignore',
    worksheets: 'emit',
    entries: 'emit',
  });
  const rows: string[][] = [];

  for await (const worksheet of reader) {
    for await (const row of worksheet) {
      const values = row.values as unknown[];
      rows.push(values.slice(1).map(cellText));
    }
    break;
  }

  const [header = [], ...body] = rows;
  return { header, rows: body };
}

/** Text of a cell: a formula counts as its cached result (BrowserLink is a HYPERLINK). */
function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object' && 'result' in value) return cellText(value.result);
  if (typeof value === 'object' && 'richText' in value && Array.isArray(value.richText)) {
    return value.richText.map((part: { text?: string }) => part.text ?? '').join('');
  }
  return String(value);
}

/**
 * WHO's .txt: one header line, tab-separated cells, no quoting. UTF-8 with or without a byte
 * order mark, or UTF-16 when it starts with the UTF-16 mark; CRLF or LF line ends.
 */
export function parseTabDelimited(bytes: Uint8Array): Tabulation {
  const utf16 = bytes[0] === 0xff && bytes[1] === 0xfe;
  const text = new TextDecoder(utf16 ? 'utf-16le' : 'utf-8').decode(bytes);
  const lines = text.split(/\r?\n/).filter((line) => line.length > 0);
  const [header = [], ...rows] = lines.map((line) => line.split('\t'));
  return { header, rows };
}
