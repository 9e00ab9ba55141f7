import type { ErrorCategory } from '@hcts/contracts';
import { isCatalogueError } from './define-errors.ts';

/** The HTTP status of each category; the only place where a category meets HTTP. */
export const statusOfCategory: Readonly<Record<ErrorCategory, number>> = Object.freeze({
  validation: 400,
  'not-found': 404,
  conflict: 409,
  rule: 422,
  forbidden: 403,
  unauthenticated: 401,
  unavailable: 503,
});

export const FailureActions = Object.freeze({
  retry: 'retry',
  deadLetter: 'dead-letter',
} as const);
export type FailureAction = (typeof FailureActions)[keyof typeof FailureActions];

/**
 * What a consumer does with a message whose handling threw. Errors that no retry can change
 * (bad data, a broken rule, a missing permission) go to the dead-letter topic at once. A
 * conflict is an optimistic-concurrency race, `not-found` often an event that overtook the one
 * creating its aggregate (they travel on different topics), `unavailable` a dependency that is
 * down: those are retried. So is an unknown error; the bus bounds the attempts and
 * dead-letters the message after the last one. Same policy as `@hcts/bus`'s `isRetryable`,
 * plus zod errors, which never heal.
 */
export function failureActionOf(error: unknown): FailureAction {
  if (!isCatalogueError(error)) return isSchemaError(error) ? 'dead-letter' : 'retry';

  switch (error.category) {
    case 'unavailable':
    case 'conflict':
    case 'not-found':
      return 'retry';
    default:
      return 'dead-letter';
  }
}

/** A zod parse failure (an event or input that does not match its schema) never heals. */
function isSchemaError(error: unknown): boolean {
  return error instanceof Error && error.name === 'ZodError';
}
