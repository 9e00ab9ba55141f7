import type { AccessIdentity } from './claims.ts';
import { TokenError } from './errors.ts';
import { authErrors } from './http-errors.ts';
import type { AccessTokenVerifier } from './verify-access-token.ts';

/** What the resolver reads of a request: Fastify's request fits, so does Node's. */
export interface RequestWithHeaders {
  readonly headers: { readonly authorization?: string | undefined };
}

export interface CallerResolverOptions {
  verifier: AccessTokenVerifier;
  /**
   * Let a person through whose role or organization requires a second factor they have not
   * set up. Off by default: the gateway refuses them on member routes, and so does a service.
   */
  allowMissingSecondFactor?: boolean;
}

export type CallerResolver = (request: RequestWithHeaders) => Promise<AccessIdentity>;

// The scheme is case-insensitive (RFC 9110); the token itself is one run of non-space text.
const bearer = /^Bearer +([^\s]+) *$/i;

/**
 * Who is calling, from the access token the gateway forwards as `Authorization: Bearer`,
 * verified locally. The only thing a service should read identity from: headers such as
 * `x-hcts-user-id` are informational and anyone reaching the port could forge them.
 * Throws kit catalogue errors (`authErrors`) that the kit renders as problem+json.
 */
export function createCallerResolver(options: CallerResolverOptions): CallerResolver {
  const { verifier } = options;
  const allowMissingSecondFactor = options.allowMissingSecondFactor ?? false;

  return async (request) => {
    const token = bearer.exec(request.headers.authorization ?? '')?.[1];
    if (!token) throw authErrors.AUTH_TOKEN_MISSING();

    const identity = await verifier(token).catch((error: unknown) => {
      throw refusal(error);
    });

    if (identity.secondFactorMissing && !allowMissingSecondFactor) {
      throw authErrors.AUTH_SECOND_FACTOR_REQUIRED();
    }
    return identity;
  };
}

function refusal(error: unknown) {
  // A verifier only throws TokenError; anything else is a fault of ours, left to become a 500.
  if (!(error instanceof TokenError)) return error;
  return authErrors[error.code]({}, { cause: error });
}
