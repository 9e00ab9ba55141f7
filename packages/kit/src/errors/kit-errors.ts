import { defineErrors } from './define-errors.ts';

/** Errors the kit itself raises at the HTTP edge, before any service code runs. */
export const kitErrors = defineErrors({
  KIT_REQUEST_INVALID: {
    category: 'validation',
    message: 'The request {part} does not match its schema',
  },
  KIT_BODY_MALFORMED: { category: 'validation', message: 'The request body is not valid JSON' },
  KIT_BAD_REQUEST: { category: 'validation', message: 'The request cannot be processed' },
  KIT_ROUTE_NOT_FOUND: { category: 'not-found', message: 'No route {method} {path}' },
  KIT_INTERNAL: { category: 'unavailable', message: 'An unexpected error occurred' },
  KIT_SHUTTING_DOWN: {
    category: 'unavailable',
    message: 'The service is shutting down; retry on another instance',
  },
});
