/** The service's error catalogue: stable codes, a category each, a message template. */
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

const catalogue = {
  CERTIFICATES_NOT_FOUND: {
    category: ErrorCategories.notFound,
    message: 'No certificate {id} visible to the caller.',
  },
  CERTIFICATES_TRANSACTION_UNKNOWN: {
    category: ErrorCategories.notFound,
    message: 'Transaction {transactionId} has no completed purchase known to certificates.',
  },
  CERTIFICATES_NO_ACCESS: {
    category: ErrorCategories.forbidden,
    message: 'The caller may not {action} these certificates.',
  },
  CERTIFICATES_UNAUTHENTICATED: {
    category: ErrorCategories.unauthenticated,
    message: 'The caller is not identified.',
  },
  CERTIFICATES_STATUS_UNKNOWN: {
    category: ErrorCategories.unavailable,
    message: 'The revocation status cannot be established now.',
  },
  CERTIFICATES_INVALID_REQUEST: {
    category: ErrorCategories.validation,
    message: 'The request is invalid.',
  },
} as const satisfies Record<string, { category: ErrorCategory; message: string }>;

export type ErrorCode = keyof typeof catalogue;

export class CertificatesError extends Error {
  readonly code: ErrorCode;
  readonly category: ErrorCategory;
  readonly params: Readonly<Record<string, string>>;

  constructor(code: ErrorCode, params: Record<string, string> = {}, cause?: unknown) {
    const entry = catalogue[code];
    const message = entry.message.replace(/\{(\w+)\}/g, (_, key: string) => params[key] ?? '');
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'CertificatesError';
    this.code = code;
    this.category = entry.category;
    this.params = Object.freeze({ ...params });
  }
}
