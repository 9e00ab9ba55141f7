export type { AccessIdentity } from './claims.ts';
export { AccessClaims, identityOf } from './claims.ts';
export type { TokenErrorCode } from './errors.ts';
export { TokenError, TokenErrorCodes } from './errors.ts';
export type { AccessTokenVerifier, VerifierOptions } from './verify-access-token.ts';
export { createAccessTokenVerifier } from './verify-access-token.ts';
