/** Trading's error catalogue: a stable code, a category, a message template. */
export const TradingErrors = Object.freeze({
  notABuyer: {
    code: 'TRADING_NOT_A_BUYER',
    category: 'forbidden',
    message: 'only an insurer, or an intermediary acting for a named insurer, can buy',
  },
  buyerNotAnInsurer: {
    code: 'TRADING_BUYER_NOT_AN_INSURER',
    category: 'rule',
    message: 'organization {organizationId} is not a verified insurer known to trading',
  },
  organizationNotVerified: {
    code: 'TRADING_ORGANIZATION_NOT_VERIFIED',
    category: 'forbidden',
    message: 'organization {organizationId} is not verified to trade',
  },
  buyerMissing: {
    code: 'TRADING_BUYER_MISSING',
    category: 'validation',
    message: 'an intermediary names the insurer it buys for (buyerOrganizationId)',
  },
  notAParty: {
    code: 'TRADING_NOT_A_PARTY',
    category: 'forbidden',
    message: 'the caller is not a party to transaction {transactionId}',
  },
  notFound: {
    code: 'TRADING_TRANSACTION_NOT_FOUND',
    category: 'not-found',
    message: 'transaction {transactionId} does not exist',
  },
  alreadyExists: {
    code: 'TRADING_TRANSACTION_ALREADY_EXISTS',
    category: 'conflict',
    message: 'transaction {transactionId} already exists',
  },
  serviceNotBuyable: {
    code: 'TRADING_SERVICE_NOT_BUYABLE',
    category: 'rule',
    message: 'service {serviceId} is {status} and cannot be bought',
  },
  mixedProviders: {
    code: 'TRADING_MIXED_PROVIDERS',
    category: 'rule',
    message: 'a purchase covers the services of one provider',
  },
  quoteExpired: {
    code: 'TRADING_QUOTE_EXPIRED',
    category: 'rule',
    message: 'the quote of transaction {transactionId} expired at {expiresAt}',
  },
  badQuote: {
    code: 'TRADING_BAD_QUOTE',
    category: 'validation',
    message: 'the quote does not add up: {reason}',
  },
  wrongStatus: {
    code: 'TRADING_WRONG_STATUS',
    category: 'rule',
    message: 'transaction {transactionId} is {status}; {action} is not possible',
  },
  notAuthorized: {
    code: 'TRADING_PAYMENT_NOT_AUTHORIZED',
    category: 'rule',
    message: 'transaction {transactionId} cannot complete before its payment is authorized',
  },
  refundTooLarge: {
    code: 'TRADING_REFUND_EXCEEDS_CAPTURE',
    category: 'rule',
    message: 'a refund of {amountMinor} exceeds the {remainingMinor} still refundable',
  },
  badAmount: {
    code: 'TRADING_BAD_AMOUNT',
    category: 'validation',
    message: 'an amount must be a positive integer in minor units',
  },
  cartItemNotFound: {
    code: 'TRADING_CART_ITEM_NOT_FOUND',
    category: 'not-found',
    message: 'service {serviceId} is not in the cart',
  },
  versionConflict: {
    code: 'TRADING_VERSION_CONFLICT',
    category: 'conflict',
    message: 'transaction {transactionId} is not at the expected version {expectedVersion}',
  },
  idempotencyKeyReused: {
    code: 'TRADING_IDEMPOTENCY_KEY_REUSED',
    category: 'conflict',
    message: 'this Idempotency-Key was used with a different request',
  },
  idempotencyKeyInFlight: {
    code: 'TRADING_IDEMPOTENCY_KEY_IN_FLIGHT',
    category: 'conflict',
    message: 'a request with this Idempotency-Key is still being processed; retry later',
  },
  idempotencyKeyMissing: {
    code: 'TRADING_IDEMPOTENCY_KEY_MISSING',
    category: 'validation',
    message: 'a mutating purchase call needs an Idempotency-Key header',
  },
  unauthenticated: {
    code: 'TRADING_UNAUTHENTICATED',
    category: 'unauthenticated',
    message: 'the caller is not identified',
  },
  notYet: {
    code: 'TRADING_EVENT_AHEAD_OF_STATE',
    category: 'unavailable',
    message: 'transaction {transactionId} is {status}; {action} cannot be applied yet',
  },
} as const);

export type TradingErrorKind = keyof typeof TradingErrors;
export type TradingErrorCode = (typeof TradingErrors)[TradingErrorKind]['code'];
export type TradingErrorCategory = (typeof TradingErrors)[TradingErrorKind]['category'];

export class TradingError extends Error {
  readonly kind: TradingErrorKind;
  readonly code: TradingErrorCode;
  readonly category: TradingErrorCategory;
  readonly params: Readonly<Record<string, string | number>>;

  constructor(kind: TradingErrorKind, params: Record<string, string | number> = {}) {
    const entry = TradingErrors[kind];
    super(entry.message.replace(/\{(\w+)\}/g, (_, key: string) => String(params[key] ?? key)));
    this.name = 'TradingError';
    this.kind = kind;
    this.code = entry.code;
    this.category = entry.category;
    this.params = Object.freeze({ ...params });
  }
}
