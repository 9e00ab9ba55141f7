export { authConfig } from './auth-config.ts';
export type {
  CallerResolver,
  CallerResolverOptions,
  RequestWithHeaders,
} from './caller-resolver.ts';
export { createCallerResolver } from './caller-resolver.ts';
export type { AccessIdentity } from './claims.ts';
export { AccessClaims, identityOf } from './claims.ts';
export type { TokenErrorCode } from './errors.ts';
export { TokenError, TokenErrorCodes } from './errors.ts';
export { authErrors } from './http-errors.ts';
export type { RequestCaller, TokenSettings } from './request-identifier.ts';
export { createRequestIdentifier } from './request-identifier.ts';
export type { AccessTokenVerifier, VerifierOptions } from './verify-access-token.ts';
export { createAccessTokenVerifier } from './verify-access-token.ts';
