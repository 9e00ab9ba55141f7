/**
 * What a Postgres or pool failure means for the request that met it. The HTTP error handler
 * asks this before falling back to a 500, so that an outage reads as "retry" (503) and text the
 * database cannot store reads as the client's mistake (400), whatever repository threw it.
 */
export const DatabaseFailures = Object.freeze({
  unavailable: 'unavailable',
  badText: 'bad-text',
} as const);
export type DatabaseFailure = (typeof DatabaseFailures)[keyof typeof DatabaseFailures];

// Socket errors from node:net, and SQLSTATEs of class 08 (connection), 53300 (too many
// connections) and 57P01-57P03 (server shutting down or starting).
const unavailableCodes: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
  '53300',
  '57P01',
  '57P02',
  '57P03',
]);

// 22021: a byte sequence invalid in UTF-8 (NUL in text); 22P05: an escape jsonb refuses
// (\u0000 in JSON).
const badTextCodes: ReadonlySet<string> = new Set(['22021', '22P05']);

// pg and pg-pool raise these without a code when the pool or the socket gives up.
const unavailableMessages = [
  /^timeout exceeded when trying to connect$/i,
  /^Connection terminated/i,
  /^Client has encountered a connection error and is not queryable$/i,
  /^Cannot use a pool after calling end on the pool$/i,
];

/** The failure kind of an error or of anything in its cause chain, or undefined. */
export function databaseFailureOf(error: unknown, depth = 0): DatabaseFailure | undefined {
  if (!(error instanceof Error) || depth > 5) return undefined;

  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && unavailableCodes.has(code)) return DatabaseFailures.unavailable;
  if (typeof code === 'string' && badTextCodes.has(code)) return DatabaseFailures.badText;
  if (unavailableMessages.some((pattern) => pattern.test(error.message))) {
    return DatabaseFailures.unavailable;
  }

  // A refused connection to a host with several addresses is an AggregateError of each.
  const inner = error instanceof AggregateError ? [...error.errors, error.cause] : [error.cause];
  for (const candidate of inner) {
    const found = databaseFailureOf(candidate, depth + 1);
    if (found) return found;
  }
  return undefined;
}
