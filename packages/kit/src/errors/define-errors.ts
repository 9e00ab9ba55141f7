import type { ErrorCategory } from '@hcts/contracts';

/** The `{name}` placeholders of a message template, as a union of their names. */
export type TemplateParams<T extends string> = T extends `${string}{${infer P}}${infer Rest}`
  ? P | TemplateParams<Rest>
  : never;

export interface ErrorSpec {
  category: ErrorCategory;
  /** Fixed text with `{name}` placeholders; values come from the params given when raising. */
  message: string;
}

/** A failing field of an input, by its path (`lines.0.quantity`). */
export interface FieldError {
  field: string;
  message: string;
  code?: string;
}

/**
 * An error from a catalogue: a stable code, a category the adapters map to a status or to a
 * retry decision, a rendered message, and the params it was raised with (for logs, not users).
 */
export class AppError extends Error {
  readonly code: string;
  readonly category: ErrorCategory;
  readonly params: Readonly<Record<string, string | number>>;
  readonly fields: readonly FieldError[];

  constructor(
    code: string,
    category: ErrorCategory,
    message: string,
    options: {
      params?: Record<string, string | number>;
      fields?: FieldError[];
      cause?: unknown;
    } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.category = category;
    this.params = Object.freeze({ ...options.params });
    this.fields = Object.freeze([...(options.fields ?? [])]);
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

/**
 * What the adapters need of a catalogue error. A service's `domain/` may not import the kit,
 * so it can throw its own `Error` subclass with `code` and `category` and the HTTP and Kafka
 * adapters treat it exactly like an `AppError`.
 */
export interface CatalogueError extends Error {
  code: string;
  category: ErrorCategory;
  fields?: readonly FieldError[];
}

const categories: ReadonlySet<string> = new Set([
  'validation',
  'not-found',
  'conflict',
  'rule',
  'forbidden',
  'unauthenticated',
  'unavailable',
] satisfies ErrorCategory[]);

export function isCatalogueError(error: unknown): error is CatalogueError {
  if (error instanceof AppError) return true;
  if (!(error instanceof Error)) return false;
  const { code, category } = error as Partial<CatalogueError>;
  return typeof code === 'string' && typeof category === 'string' && categories.has(category);
}

type ParamsArg<T extends string> = [TemplateParams<T>] extends [never]
  ? [params?: Record<string, never>, extra?: RaiseExtra]
  : [params: Record<TemplateParams<T>, string | number>, extra?: RaiseExtra];

export interface RaiseExtra {
  fields?: FieldError[];
  cause?: unknown;
}

export type ErrorFactory<TCode extends string, TMessage extends string> = ((
  ...args: ParamsArg<TMessage>
) => AppError) & {
  readonly code: TCode;
  readonly category: ErrorCategory;
  readonly message: TMessage;
  /** True when the error was raised from this catalogue entry. */
  is(error: unknown): error is AppError;
};

export type ErrorCatalogue<T extends Record<string, ErrorSpec>> = {
  readonly [K in keyof T & string]: ErrorFactory<K, T[K]['message']>;
};

const codePattern = /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$/;

/**
 * Builds a service's error catalogue. Codes are SCREAMING_SNAKE and stable: clients and
 * dashboards key on them, so a code is never renamed, only added.
 *
 *     const errors = defineErrors({
 *       TRADING_TRANSACTION_NOT_FOUND: { category: 'not-found', message: 'No transaction {id}' },
 *     });
 *     throw errors.TRADING_TRANSACTION_NOT_FOUND({ id });
 */
export function defineErrors<const T extends Record<string, ErrorSpec>>(
  specs: T,
): ErrorCatalogue<T> {
  const catalogue: Record<string, unknown> = {};
  for (const [code, spec] of Object.entries(specs)) {
    if (!codePattern.test(code)) throw new Error(`error code ${code} is not SCREAMING_SNAKE`);
    catalogue[code] = makeFactory(code, spec);
  }
  return Object.freeze(catalogue) as ErrorCatalogue<T>;
}

function makeFactory(code: string, spec: ErrorSpec) {
  const factory = (params: Record<string, string | number> = {}, extra: RaiseExtra = {}) =>
    new AppError(code, spec.category, renderTemplate(spec.message, params), {
      params,
      ...extra,
    });
  return Object.freeze(
    Object.assign(factory, {
      code,
      category: spec.category,
      message: spec.message,
      is: (error: unknown): error is AppError => isAppError(error) && error.code === code,
    }),
  );
}

/** Replaces `{name}` with its param; a missing param stays visible as `{name}`. */
export function renderTemplate(template: string, params: Record<string, string | number>): string {
  return template.replace(/\{([A-Za-z0-9_]+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}
