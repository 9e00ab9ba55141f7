/**
 * Folds text for search: Unicode decomposition, combining marks removed, lower case, runs of
 * white space collapsed. "Behçet" and "BEHCET" fold alike. Search columns hold folded text and
 * queries are folded the same way, so Postgres needs no unaccent dictionary.
 */
export function foldText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}
