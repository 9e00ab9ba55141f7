/** Categories as every HCTS catalogue uses them; adapters map them to HTTP or to retry. */
export const ErrorCategories = Object.freeze({
  validation: 'validation',
  notFound: 'not-found',
  conflict: 'conflict',
  rule: 'rule',
  forbidden: 'forbidden',
  unauthenticated: 'unauthenticated',
  unavailable: 'unavailable',
} as const);
export type ErrorCategory = (typeof ErrorCategories)[keyof typeof ErrorCategories];

interface CatalogueEntry {
  category: ErrorCategory;
  message: string;
}

/** The payments error catalogue: stable codes, a category each, a message template. */
export const paymentErrors = Object.freeze({
  PAYMENTS_INVALID_TRANSITION: {
    category: 'rule',
    message: 'A payment in status {from} cannot move to {to}',
  },
  PAYMENTS_REFUND_EXCEEDS_CAPTURE: {
    category: 'rule',
    message: 'A refund of {amount} exceeds the {refundable} still refundable',
  },
  PAYMENTS_INVALID_AMOUNT: { category: 'validation', message: 'The amount {amount} is invalid' },
  PAYMENTS_INVALID_SPLIT: {
    category: 'validation',
    message: 'The split of {gross} is invalid: {reason}',
  },
  PAYMENTS_CURRENCY_MISMATCH: {
    category: 'validation',
    message: 'Currency {got} does not match the payment currency {expected}',
  },
  PAYMENTS_CURRENCY_UNKNOWN: {
    category: 'validation',
    message: 'Currency {currency} is not an ISO 4217 currency in use',
  },
  PAYMENTS_TRANSACTION_UNKNOWN: {
    category: 'not-found',
    message: 'No payment for transaction {transactionId}: trading has not initiated it (yet)',
  },
  PAYMENTS_INTENT_DISAGREES: {
    category: 'rule',
    message: 'Transaction {transactionId} already has a payment with other parties or amounts',
  },
  PAYMENTS_LEDGER_UNBALANCED: {
    category: 'rule',
    message: 'Ledger entry {key} does not balance: its postings sum to {sum}',
  },
  PAYMENTS_LEDGER_ENTRY_INVALID: {
    category: 'rule',
    message: 'Ledger entry {key} is invalid: {reason}',
  },
  PAYMENTS_LEDGER_ENTRY_CONFLICT: {
    category: 'conflict',
    message: 'Ledger entry {key} was already written with different content',
  },
  PAYMENTS_PENDING_NOT_FOUND: {
    category: 'not-found',
    message: 'No pending transfer {key} to resolve',
  },
  PAYMENTS_PENDING_ALREADY_RESOLVED: {
    category: 'conflict',
    message: 'The pending transfer {key} was already posted or voided',
  },
  PAYMENTS_INTENT_NOT_FOUND: { category: 'not-found', message: 'Payment {id} not found' },
  PAYMENTS_IDEMPOTENCY_KEY_REUSED: {
    category: 'conflict',
    message: 'The idempotency key was already used with a different request',
  },
  PAYMENTS_IDEMPOTENCY_IN_FLIGHT: {
    category: 'conflict',
    message: 'A request with this idempotency key is still being processed',
  },
  PAYMENTS_TRANSACTION_HAS_PAYMENT: {
    category: 'conflict',
    message: 'Transaction {transactionId} already has a payment',
  },
  PAYMENTS_NOT_YET_AUTHORIZED: {
    category: 'conflict',
    message: 'Payment {id} is not authorized yet; try again',
  },
  PAYMENTS_WEBHOOK_REJECTED: {
    category: 'validation',
    message: 'The webhook was rejected: {reason}',
  },
  PAYMENTS_GATEWAY_UNKNOWN: { category: 'not-found', message: 'Gateway {gateway} is unknown' },
  PAYMENTS_GATEWAY_UNAVAILABLE: {
    category: 'unavailable',
    message: 'No configured gateway could take the payment',
  },
  PAYMENTS_GATEWAY_REJECTED: {
    category: 'rule',
    message: 'The gateway refused the request: {reason}',
  },
  PAYMENTS_FORBIDDEN: { category: 'forbidden', message: 'Not allowed to {action} this payment' },
  PAYMENTS_UNAUTHENTICATED: { category: 'unauthenticated', message: 'The caller is unknown' },
} as const satisfies Record<string, CatalogueEntry>);
export type PaymentErrorCode = keyof typeof paymentErrors;

export class PaymentError extends Error {
  readonly code: PaymentErrorCode;
  readonly category: ErrorCategory;
  readonly params: Readonly<Record<string, string | number>>;

  constructor(code: PaymentErrorCode, params: Record<string, string | number> = {}) {
    const entry = paymentErrors[code];
    super(entry.message.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? name)));
    this.name = 'PaymentError';
    this.code = code;
    this.category = entry.category;
    this.params = Object.freeze({ ...params });
  }
}

export function isPaymentError(error: unknown): error is PaymentError {
  return error instanceof PaymentError;
}
