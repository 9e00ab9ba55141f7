import type { ErrorCategory } from '../problem.ts';

/** The pricing function's error catalogue: stable codes, a category and a message template. */
export const PricingErrorCodes = Object.freeze({
  unknownService: {
    code: 'PRICING_UNKNOWN_SERVICE',
    category: 'not-found',
    message: 'service {serviceId} is not known',
  },
  serviceNotAvailable: {
    code: 'PRICING_SERVICE_NOT_AVAILABLE',
    category: 'rule',
    message: 'service {serviceId} is {status} and cannot be quoted',
  },
  duplicateLine: {
    code: 'PRICING_DUPLICATE_LINE',
    category: 'validation',
    message: 'service {serviceId} appears on more than one line',
  },
  badQuantity: {
    code: 'PRICING_BAD_QUANTITY',
    category: 'validation',
    message: 'quantity of service {serviceId} must be an integer from 1 to 10000',
  },
  noLines: {
    code: 'PRICING_NO_LINES',
    category: 'validation',
    message: 'a quote needs at least one line',
  },
  badInstant: {
    code: 'PRICING_BAD_INSTANT',
    category: 'validation',
    message: 'the pricing instant {at} is not an ISO 8601 time',
  },
  currencyMismatch: {
    code: 'PRICING_CURRENCY_MISMATCH',
    category: 'rule',
    message: 'service {serviceId} is priced in {found}, the quote in {expected}',
  },
  sharesDoNotSum: {
    code: 'PRICING_SHARES_DO_NOT_SUM',
    category: 'validation',
    message: 'component shares of service {serviceId} sum to {sum} bp, not 10000',
  },
  amountOverflow: {
    code: 'PRICING_AMOUNT_OVERFLOW',
    category: 'rule',
    message: 'the price of service {serviceId} exceeds the largest safe amount',
  },
} as const satisfies Record<string, { code: string; category: ErrorCategory; message: string }>);

export type PricingErrorKind = keyof typeof PricingErrorCodes;
export type PricingErrorCode = (typeof PricingErrorCodes)[PricingErrorKind]['code'];

/** Thrown by `priceQuote`; `field` is the path of the input that caused it (for problem+json). */
export class PricingError extends Error {
  readonly code: PricingErrorCode;
  readonly category: ErrorCategory;
  readonly field: string;
  readonly params: Readonly<Record<string, string | number>>;

  constructor(kind: PricingErrorKind, field: string, params: Record<string, string | number>) {
    const entry = PricingErrorCodes[kind];
    super(entry.message.replace(/\{(\w+)\}/g, (_, key: string) => String(params[key] ?? key)));
    this.name = 'PricingError';
    this.code = entry.code;
    this.category = entry.category;
    this.field = field;
    this.params = Object.freeze({ ...params });
  }
}
