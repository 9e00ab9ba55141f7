import { defineErrors } from '@hcts/kit';
import { tokenErrorMessages } from './errors.ts';

/**
 * What a service answers when the caller's credential does not hold. A refused token keeps the
 * verifier's own code, so a client can tell an expired token (fetch a new one) from a bad one.
 * Keys that cannot be fetched are the service's trouble, not the caller's: 503, not 401.
 */
export const authErrors = defineErrors({
  AUTH_TOKEN_MISSING: {
    category: 'unauthenticated',
    message: 'This route needs an access token in the Authorization header (Bearer).',
  },
  AUTH_TOKEN_MALFORMED: {
    category: 'unauthenticated',
    message: tokenErrorMessages.AUTH_TOKEN_MALFORMED,
  },
  AUTH_TOKEN_ALGORITHM_REFUSED: {
    category: 'unauthenticated',
    message: tokenErrorMessages.AUTH_TOKEN_ALGORITHM_REFUSED,
  },
  AUTH_TOKEN_HEADER_REFUSED: {
    category: 'unauthenticated',
    message: tokenErrorMessages.AUTH_TOKEN_HEADER_REFUSED,
  },
  AUTH_TOKEN_KEY_UNKNOWN: {
    category: 'unauthenticated',
    message: tokenErrorMessages.AUTH_TOKEN_KEY_UNKNOWN,
  },
  AUTH_TOKEN_SIGNATURE_INVALID: {
    category: 'unauthenticated',
    message: tokenErrorMessages.AUTH_TOKEN_SIGNATURE_INVALID,
  },
  AUTH_TOKEN_EXPIRED: {
    category: 'unauthenticated',
    message: tokenErrorMessages.AUTH_TOKEN_EXPIRED,
  },
  AUTH_TOKEN_CLAIMS_INVALID: {
    category: 'unauthenticated',
    message: tokenErrorMessages.AUTH_TOKEN_CLAIMS_INVALID,
  },
  AUTH_KEYS_UNAVAILABLE: {
    category: 'unavailable',
    message: tokenErrorMessages.AUTH_KEYS_UNAVAILABLE,
  },
  AUTH_SECOND_FACTOR_REQUIRED: {
    category: 'forbidden',
    message:
      'Your role or organization requires a second factor: set up TOTP or sign in with a passkey.',
  },
});
