/** Why a token was refused. One category (unauthenticated): every case is a 401 at the edge. */
export const TokenErrorCodes = Object.freeze({
  malformed: 'AUTH_TOKEN_MALFORMED',
  algorithm: 'AUTH_TOKEN_ALGORITHM_REFUSED',
  header: 'AUTH_TOKEN_HEADER_REFUSED',
  key: 'AUTH_TOKEN_KEY_UNKNOWN',
  signature: 'AUTH_TOKEN_SIGNATURE_INVALID',
  expired: 'AUTH_TOKEN_EXPIRED',
  claims: 'AUTH_TOKEN_CLAIMS_INVALID',
  keysUnavailable: 'AUTH_KEYS_UNAVAILABLE',
} as const);
export type TokenErrorCode = (typeof TokenErrorCodes)[keyof typeof TokenErrorCodes];

/** The text of each refusal by code; the HTTP catalogue of `http-errors.ts` reuses it. */
export const tokenErrorMessages: Readonly<Record<TokenErrorCode, string>> = Object.freeze({
  AUTH_TOKEN_MALFORMED: 'The access token is not a compact JWS.',
  AUTH_TOKEN_ALGORITHM_REFUSED: 'The access token is signed with an algorithm that is not allowed.',
  AUTH_TOKEN_HEADER_REFUSED: 'The access token names its own key or unknown critical headers.',
  AUTH_TOKEN_KEY_UNKNOWN: 'The access token is signed by a key the gateway does not publish.',
  AUTH_TOKEN_SIGNATURE_INVALID: 'The access token signature does not verify.',
  AUTH_TOKEN_EXPIRED: 'The access token has expired.',
  AUTH_TOKEN_CLAIMS_INVALID: 'The access token claims are not valid here.',
  AUTH_KEYS_UNAVAILABLE: 'The signing keys could not be fetched.',
});

export class TokenError extends Error {
  readonly code: TokenErrorCode;
  readonly category = 'unauthenticated' as const;

  constructor(code: TokenErrorCode, options?: { cause?: unknown }) {
    super(tokenErrorMessages[code], options);
    this.name = 'TokenError';
    this.code = code;
  }
}
