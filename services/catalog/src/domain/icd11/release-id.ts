const months = Object.freeze([
  'jan',
  'feb',
  'mar',
  'apr',
  'may',
  'jun',
  'jul',
  'aug',
  'sep',
  'oct',
  'nov',
  'dec',
]);

/**
 * The release id ("2025-01") from WHO's version stamp ("Version:2025 Jan 24 - 22:30 UTC"). WHO
 * names MMS releases by year and month, so the day and hour are dropped.
 */
export function releaseIdFromStamp(stamp: string): string | undefined {
  const match = /^\s*Version:\s*(\d{4})\s+([A-Za-z]{3})/.exec(stamp);
  if (match === null) return undefined;
  const month = months.indexOf((match[2] ?? '').toLowerCase());
  if (month < 0) return undefined;
  return `${match[1]}-${String(month + 1).padStart(2, '0')}`;
}

/** Finds the stamp among header cells: WHO writes it in the cell after the last column. */
export function findVersionStamp(header: readonly string[]): string | undefined {
  return header.find((cell) => releaseIdFromStamp(cell) !== undefined);
}
