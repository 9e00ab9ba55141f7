import { ErrorCategories, type ErrorCategory } from '@hcts/contracts';

const catalogue = Object.freeze({
  BUS_EVENT_DATA_INVALID: {
    category: ErrorCategories.validation,
    message: 'event data does not match the schema of {type}',
  },
  BUS_ENVELOPE_INVALID: {
    category: ErrorCategories.validation,
    message: 'message headers do not form a valid envelope',
  },
  BUS_HANDLER_TIMEOUT: {
    category: ErrorCategories.unavailable,
    message: 'handler for {type} took longer than {timeoutMs} ms',
  },
  BUS_RELAY_SEND_FAILED: {
    category: ErrorCategories.unavailable,
    message: 'the relay producer could not send a batch: {reason}',
  },
  BUS_RELAY_PRODUCER_STOPPED: {
    category: ErrorCategories.unavailable,
    message: 'the relay producer thread stopped',
  },
  BUS_OPTIONS_INVALID: {
    category: ErrorCategories.validation,
    message: 'bus options are invalid: {problem}',
  },
} as const);
export type BusErrorCode = keyof typeof catalogue;

/** An error of the bus itself, with a stable code and a category. */
export class BusError extends Error {
  readonly code: BusErrorCode;
  readonly category: ErrorCategory;
  readonly params: Readonly<Record<string, string | number>>;

  constructor(
    code: BusErrorCode,
    params: Record<string, string | number> = {},
    options?: ErrorOptions,
  ) {
    const entry = catalogue[code];
    super(
      entry.message.replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? `{${k}}`)),
      options,
    );
    this.name = 'BusError';
    this.code = code;
    this.category = entry.category;
    this.params = Object.freeze({ ...params });
  }
}

const categories = new Set<string>(Object.values(ErrorCategories));

/** The category an error carries (any catalogue's errors have one), or undefined. */
export function categoryOf(error: unknown): ErrorCategory | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const category = (error as { category?: unknown }).category;
  return typeof category === 'string' && categories.has(category)
    ? (category as ErrorCategory)
    : undefined;
}

/** Errors that a retry cannot fix: the message goes straight to the dead-letter topic. */
const permanent = new Set<ErrorCategory>(['validation', 'rule', 'forbidden', 'unauthenticated']);

/**
 * Whether another attempt may succeed. Unknown errors, conflicts, not-found (an event that
 * overtook the one creating its aggregate) and unavailable dependencies are retried; a
 * category no retry changes, or a schema error (zod), is not.
 */
export function isRetryable(error: unknown): boolean {
  if (error instanceof Error && error.name === 'ZodError') return false;
  const category = categoryOf(error);
  return category === undefined || !permanent.has(category);
}

/** A stable code for logs and dead letters: the catalogue code, else the error's name. */
export function codeOf(error: unknown): string {
  if (typeof error === 'object' && error !== null) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    if (error instanceof Error) return error.name;
  }
  return 'UNKNOWN';
}
