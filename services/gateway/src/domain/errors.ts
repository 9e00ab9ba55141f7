/** The gateway's error catalogue: stable codes, a category each, and a message template. */

export const Categories = Object.freeze({
  validation: 'validation',
  notFound: 'not-found',
  conflict: 'conflict',
  rule: 'rule',
  forbidden: 'forbidden',
  unauthenticated: 'unauthenticated',
  unavailable: 'unavailable',
  limited: 'limited',
  tooLarge: 'too-large',
} as const);
export type Category = (typeof Categories)[keyof typeof Categories];

interface Entry {
  category: Category;
  message: string;
}

export const gatewayErrors = Object.freeze({
  GATEWAY_UNAUTHENTICATED: {
    category: 'unauthenticated',
    message: 'Sign in, or present a valid access token or API key.',
  },
  GATEWAY_TOKEN_REFUSED: { category: 'unauthenticated', message: 'The credential was refused.' },
  GATEWAY_FORBIDDEN: {
    category: 'forbidden',
    message: 'Your role may not {action} {resource}.',
  },
  GATEWAY_SCOPE_MISSING: {
    category: 'forbidden',
    message: 'This API key lacks the scope {resource}:{action}.',
  },
  GATEWAY_ORIGIN_REFUSED: {
    category: 'forbidden',
    message: 'A change made with a session cookie must come from the platform, not from {origin}.',
  },
  GATEWAY_NOT_OWNER: {
    category: 'forbidden',
    message: 'That object belongs to another organization.',
  },
  GATEWAY_NO_ORGANIZATION: {
    category: 'forbidden',
    message: 'Join or register an organization first.',
  },
  GATEWAY_ORGANIZATION_NOT_VERIFIED: {
    category: 'rule',
    message: 'Your organization is {status}; only verified organizations trade.',
  },
  GATEWAY_SECOND_FACTOR_REQUIRED: {
    category: 'forbidden',
    message:
      'Your role or organization requires a second factor: set up TOTP or sign in with a passkey.',
  },
  GATEWAY_ROUTE_NOT_FOUND: { category: 'not-found', message: 'No such route.' },
  GATEWAY_ORGANIZATION_NOT_FOUND: { category: 'not-found', message: 'No such organization.' },
  GATEWAY_VALIDATION: { category: 'validation', message: 'The request is not valid.' },
  GATEWAY_BODY_TOO_LARGE: {
    category: 'too-large',
    message: 'The request body is larger than this route takes ({limit} bytes).',
  },
  GATEWAY_RATE_LIMITED: {
    category: 'limited',
    message: 'Too many requests; retry after {seconds} seconds.',
  },
  GATEWAY_UPSTREAM_UNAVAILABLE: {
    category: 'unavailable',
    message: 'The {service} service is not answering; try again shortly.',
  },
  GATEWAY_UPSTREAM_ABSENT: {
    category: 'unavailable',
    message: 'The {service} service does not run in this deployment.',
  },
  GATEWAY_INTERNAL: { category: 'unavailable', message: 'Something went wrong on our side.' },
} as const satisfies Record<string, Entry>);
export type GatewayErrorCode = keyof typeof gatewayErrors;

export class GatewayError extends Error {
  readonly code: GatewayErrorCode;
  readonly category: Category;
  readonly headers: Readonly<Record<string, string>>;

  constructor(
    code: GatewayErrorCode,
    params: Record<string, string | number> = {},
    headers: Record<string, string> = {},
  ) {
    super(render(gatewayErrors[code].message, params));
    this.name = 'GatewayError';
    this.code = code;
    this.category = gatewayErrors[code].category;
    this.headers = headers;
  }
}

function render(template: string, params: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => String(params[key] ?? key));
}
