import { defineErrors } from './define-errors.ts';

/** Errors the kit itself raises at the HTTP edge, before any service code runs. */
export const kitErrors = defineErrors({
  KIT_REQUEST_INVALID: {
    category: 'validation',
    message: 'The request {part} does not match its schema',
  },
  // Known limit: Fastify's JSON parser reports a `__proto__` or `constructor.prototype` key
  // with the same error as broken JSON, so both get this code; telling them apart would take
  // a parser of our own, and a client sending such keys is not one to help along.
  KIT_BODY_MALFORMED: {
    category: 'validation',
    message: 'The request body is not valid JSON or uses a forbidden key (__proto__)',
  },
  KIT_BAD_REQUEST: { category: 'validation', message: 'The request cannot be processed' },
  KIT_URL_INVALID: { category: 'validation', message: 'The request path is not a valid URL' },
  KIT_TEXT_UNSTORABLE: {
    category: 'validation',
    message: 'The request contains text that cannot be stored (a NUL character or invalid Unicode)',
  },
  KIT_ROUTE_NOT_FOUND: { category: 'not-found', message: 'No route {method} {path}' },
  KIT_INTERNAL: { category: 'unavailable', message: 'An unexpected error occurred' },
  KIT_DATABASE_UNAVAILABLE: {
    category: 'unavailable',
    message: 'The service cannot reach its database; retry shortly',
  },
  /** Answered with 429 and Retry-After (see problem.ts); the category says "retry later". */
  KIT_RATE_LIMITED: {
    category: 'unavailable',
    message: 'Too many requests; retry after the time given in Retry-After',
  },
  KIT_SHUTTING_DOWN: {
    category: 'unavailable',
    message: 'The service is shutting down; retry on another instance',
  },
});
