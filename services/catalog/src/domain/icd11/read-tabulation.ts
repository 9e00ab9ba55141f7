import { CatalogError, type Issue } from '../errors.ts';
import { type ClassKind, ClassKinds, type Icd11Entity, type Icd11Release } from './icd11-entity.ts';
import { findVersionStamp, releaseIdFromStamp } from './release-id.ts';

const required = Object.freeze([
  'Foundation URI',
  'Linearization URI',
  'Code',
  'BlockId',
  'Title',
  'ClassKind',
  'DepthInKind',
  'IsResidual',
  'ChapterNo',
  'isLeaf',
] as const);
type Column = (typeof required)[number];

const groupingColumns = ['Grouping1', 'Grouping2', 'Grouping3', 'Grouping4', 'Grouping5'];
const maxIssues = 200;

/** Rows as the file holds them, header first, every cell as text (empty when blank). */
export interface Tabulation {
  header: readonly string[];
  rows: readonly (readonly string[])[];
}

interface RowContext {
  cells: readonly string[];
  rowNumber: number;
  issues: Issue[];
}

/**
 * Turns WHO's SimpleTabulation (xlsx or txt, same columns) into a release with its hierarchy.
 * The tree is not in a column: a title starts with one "- " per level, so each row's parent is
 * the nearest row above it one level up. Every problem is collected; any problem rejects the
 * whole file, so a release is either imported entirely or not at all.
 */
export function readTabulation(input: Tabulation, fallbackReleaseId?: string): Icd11Release {
  const issues: Issue[] = [];
  const index = columnIndex(input.header, issues);
  const versionStamp = findVersionStamp(input.header) ?? '';
  const releaseId = releaseIdFromStamp(versionStamp) ?? fallbackReleaseId;
  if (releaseId === undefined) {
    issues.push({ row: 1, code: 'NO_VERSION', message: 'no "Version:" stamp in the header' });
  }
  if (issues.length > 0) throw new CatalogError('icd11BadFile', {}, issues);

  const entities = buildEntities(input.rows, index, issues);
  if (entities.length === 0) issues.push({ row: 2, code: 'NO_ROWS', message: 'no rows' });
  if (issues.length > 0) throw new CatalogError('icd11BadFile', {}, issues.slice(0, maxIssues));

  return { releaseId: releaseId ?? '', versionStamp, entities, counts: countKinds(entities) };
}

function columnIndex(header: readonly string[], issues: Issue[]): Map<string, number> {
  const index = new Map(header.map((name, position) => [name.trim(), position]));
  for (const name of required) {
    if (!index.has(name)) {
      issues.push({ row: 1, column: name, code: 'MISSING_COLUMN', message: 'column is missing' });
    }
  }
  return index;
}

function buildEntities(
  rows: Tabulation['rows'],
  index: ReadonlyMap<string, number>,
  issues: Issue[],
): Icd11Entity[] {
  const entities: Icd11Entity[] = [];
  const keys = new Set<string>();
  // ancestors[d] is the key of the latest row seen at depth d.
  const ancestors: string[] = [];

  for (const [offset, cells] of rows.entries()) {
    if (issues.length >= maxIssues) break;
    if (cells.every((cell) => cell.trim() === '')) continue;

    const context: RowContext = { cells, rowNumber: offset + 2, issues };
    const entity = readRow(context, index, entities.length);
    if (entity === undefined) continue;

    if (entity.depth > ancestors.length) {
      addIssue(context, 'Title', 'BAD_DEPTH', `depth ${entity.depth} skips a level`);
      continue;
    }
    if (keys.has(entity.key)) {
      addIssue(context, 'Code', 'DUPLICATE', `${entity.key} appears twice`);
      continue;
    }

    keys.add(entity.key);
    entity.parentKey = entity.depth === 0 ? null : (ancestors[entity.depth - 1] ?? null);
    ancestors.length = entity.depth;
    ancestors.push(entity.key);
    entities.push(entity);
  }
  return entities;
}

function readRow(
  context: RowContext,
  index: ReadonlyMap<string, number>,
  position: number,
): Icd11Entity | undefined {
  const cell = (column: string) => (context.cells[index.get(column) ?? -1] ?? '').trim();
  const before = context.issues.length;

  const classKind = cell('ClassKind') as ClassKind;
  if (!Object.values(ClassKinds).includes(classKind)) {
    addIssue(context, 'ClassKind', 'BAD_KIND', `"${classKind}" is not chapter, block or category`);
  }
  const rawTitle = context.cells[index.get('Title') ?? -1] ?? '';
  const depth = (/^(?:- )*/.exec(rawTitle)?.[0].length ?? 0) / 2;
  const title = rawTitle.slice(depth * 2).trim();
  const code = cell('Code') || null;
  const blockId = cell('BlockId') || null;
  const chapterNo = cell('ChapterNo');
  const isResidual = flag(context, cell, 'IsResidual');
  const isLeaf = flag(context, cell, 'isLeaf');
  const foundationUri = cell('Foundation URI') || null;
  const linearizationUri = cell('Linearization URI');
  const depthInKind = Number.parseInt(cell('DepthInKind'), 10);

  checkShape(context, { classKind, depth, title, code, blockId, chapterNo, depthInKind });
  checkUris(context, { isResidual, foundationUri, linearizationUri });
  if (context.issues.length > before) return undefined;

  const primary = cell('Primary tabulation');
  return {
    key: keyOf(classKind, code, blockId, chapterNo, linearizationUri),
    code,
    blockId,
    chapterNo,
    classKind,
    title,
    depth,
    depthInKind,
    isResidual: isResidual ?? false,
    isLeaf: isLeaf ?? false,
    primaryTabulation: primary === '' ? null : primary === 'True',
    foundationUri,
    linearizationUri,
    parentKey: null,
    position,
    groupings: groupingColumns.map(cell).filter((value) => value !== ''),
  };
}

/**
 * Categories are known by code and chapters by number. Most blocks have a block id, but the
 * blocks of the supplementary chapters (V, X) have none, so they are known by their
 * linearization entity id, which is unique within a release.
 */
function keyOf(
  classKind: ClassKind,
  code: string | null,
  blockId: string | null,
  chapterNo: string,
  linearizationUri: string,
): string {
  if (classKind === 'category') return code ?? '';
  if (classKind === 'chapter') return chapterNo;
  return blockId ?? `Block-${linearizationUri.split('/').at(-1) ?? ''}`;
}

function checkShape(
  context: RowContext,
  row: {
    classKind: ClassKind;
    depth: number;
    title: string;
    code: string | null;
    blockId: string | null;
    chapterNo: string;
    depthInKind: number;
  },
): void {
  if (row.title === '') addIssue(context, 'Title', 'REQUIRED', 'title is empty');
  if (row.chapterNo === '') addIssue(context, 'ChapterNo', 'REQUIRED', 'chapter is empty');
  if (!Number.isInteger(row.depthInKind) || row.depthInKind < 1) {
    addIssue(context, 'DepthInKind', 'BAD_NUMBER', 'depth in kind is not a positive integer');
  }
  if (row.classKind === 'chapter' && row.depth !== 0) {
    addIssue(context, 'Title', 'BAD_DEPTH', 'a chapter title carries depth marks');
  }
  if (row.classKind !== 'chapter' && row.depth === 0) {
    addIssue(context, 'Title', 'BAD_DEPTH', 'only chapters sit at the top');
  }
  if (row.classKind === 'category' && row.code === null) {
    addIssue(context, 'Code', 'REQUIRED', 'a category needs a code');
  }
}

function checkUris(
  context: RowContext,
  row: { isResidual: boolean | undefined; foundationUri: string | null; linearizationUri: string },
): void {
  if (!/^https?:\/\/\S+$/.test(row.linearizationUri)) {
    addIssue(context, 'Linearization URI', 'BAD_URI', 'linearization URI is missing or not a URI');
  }
  if (row.foundationUri !== null && !/^https?:\/\/\S+$/.test(row.foundationUri)) {
    addIssue(context, 'Foundation URI', 'BAD_URI', 'Foundation URI is not a URI');
  }
  if (row.isResidual === false && row.foundationUri === null) {
    addIssue(
      context,
      'Foundation URI',
      'REQUIRED',
      'only residual categories lack a Foundation URI',
    );
  }
}

function flag(
  context: RowContext,
  cell: (column: string) => string,
  column: Column,
): boolean | undefined {
  const value = cell(column);
  if (value === 'True') return true;
  if (value === 'False') return false;
  addIssue(context, column, 'BAD_FLAG', `"${value}" is not True or False`);
  return undefined;
}

function addIssue(context: RowContext, column: string, code: string, message: string): void {
  context.issues.push({ row: context.rowNumber, column, code, message });
}

function countKinds(entities: readonly Icd11Entity[]): Icd11Release['counts'] {
  const counts = { chapters: 0, blocks: 0, categories: 0, residuals: 0 };
  for (const entity of entities) {
    if (entity.classKind === 'chapter') counts.chapters += 1;
    else if (entity.classKind === 'block') counts.blocks += 1;
    else counts.categories += 1;
    if (entity.isResidual) counts.residuals += 1;
  }
  return counts;
}
