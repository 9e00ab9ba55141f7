import type { JSONWebKeySet, JWTVerifyGetKey } from 'jose';
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  decodeProtectedHeader,
  errors,
  jwtVerify,
} from 'jose';
import type { AccessIdentity } from './claims.ts';
import { AccessClaims, identityOf } from './claims.ts';
import { TokenError, TokenErrorCodes } from './errors.ts';

export interface VerifierOptions {
  issuer: string;
  audience: string;
  /** The gateway's JWKS URL; keys are cached and refetched only for an unseen `kid`. */
  jwksUrl?: string | URL;
  /** A fixed key set instead of a URL (the gateway itself, tests). */
  jwks?: JSONWebKeySet;
  /** Seconds of clock skew tolerated on exp and nbf. */
  clockToleranceSeconds?: number;
  /** How long fetched keys are trusted before a background refetch (ms). */
  cacheMaxAgeMs?: number;
  /** How many verified tokens to remember (0: none). A token is reused only until its exp. */
  verifiedCacheSize?: number;
  /** The clock, in ms since the epoch; tests move it instead of waiting. */
  now?: () => number;
}

export type AccessTokenVerifier = (token: string) => Promise<AccessIdentity>;

// Ed25519 only: the gateway signs nothing else, and a short allowlist shuts out `none`, HMAC
// keyed with the public key, and algorithm confusion in general.
const allowedAlgorithms = ['EdDSA', 'Ed25519'];

// Headers that let a token name its own key or demand processing we do not do.
const refusedHeaders = ['jku', 'jwk', 'x5u', 'x5c', 'x5t', 'crit'] as const;

/** Builds a verifier once per process; the key set it holds is shared by every call. */
export function createAccessTokenVerifier(options: VerifierOptions): AccessTokenVerifier {
  const keys = keySource(options);
  const verifyOptions = {
    issuer: options.issuer,
    audience: options.audience,
    algorithms: allowedAlgorithms,
    clockTolerance: options.clockToleranceSeconds ?? 5,
    requiredClaims: ['exp', 'iat', 'sub'],
  };

  const now = options.now ?? Date.now;
  const verified = createVerifiedCache(options.verifiedCacheSize ?? 10_000, now);

  return async (token) => {
    const remembered = verified.get(token);
    if (remembered) return remembered;
    screenHeader(token);

    const current = { ...verifyOptions, currentDate: new Date(now()) };
    const result = await jwtVerify(token, keys, current).catch((error: unknown) => {
      throw translate(error);
    });

    const claims = AccessClaims.safeParse(result.payload);
    if (!claims.success) throw new TokenError(TokenErrorCodes.claims);
    const identity = identityOf(claims.data);
    verified.set(token, identity, result.payload.exp!);
    return identity;
  };
}

/**
 * Verified tokens by their exact text, each kept until its own expiry. A signature check costs
 * far more than a map lookup, and the same token comes with every call a client makes for
 * minutes; the text is signed, so an entry can only ever match the very token that verified.
 */
function createVerifiedCache(size: number, now: () => number) {
  const entries = new Map<string, { identity: AccessIdentity; expiresAtMs: number }>();

  return {
    get(token: string): AccessIdentity | undefined {
      const entry = entries.get(token);
      if (!entry) return undefined;
      if (entry.expiresAtMs > now()) return entry.identity;
      entries.delete(token);
      return undefined;
    },
    set(token: string, identity: AccessIdentity, expSeconds: number) {
      if (size <= 0) return;
      // Dropping the oldest entry keeps memory bounded; the map iterates in insertion order.
      if (entries.size >= size) entries.delete(entries.keys().next().value!);
      entries.set(token, { identity, expiresAtMs: expSeconds * 1000 });
    },
  };
}

function keySource(options: VerifierOptions): JWTVerifyGetKey {
  if (options.jwks) return createLocalJWKSet(options.jwks);
  if (!options.jwksUrl) throw new Error('createAccessTokenVerifier needs jwksUrl or jwks');
  return createRemoteJWKSet(new URL(options.jwksUrl), {
    cacheMaxAge: options.cacheMaxAgeMs ?? 10 * 60_000,
    cooldownDuration: 30_000,
    timeoutDuration: 2_000,
  });
}

function screenHeader(token: string): void {
  let header: Record<string, unknown>;
  try {
    header = decodeProtectedHeader(token) as Record<string, unknown>;
  } catch (error) {
    throw new TokenError(TokenErrorCodes.malformed, { cause: error });
  }

  if (typeof header.alg !== 'string' || !allowedAlgorithms.includes(header.alg)) {
    throw new TokenError(TokenErrorCodes.algorithm);
  }
  if (refusedHeaders.some((name) => name in header)) throw new TokenError(TokenErrorCodes.header);
  if (typeof header.kid !== 'string') throw new TokenError(TokenErrorCodes.key);
}

function translate(error: unknown): TokenError {
  if (error instanceof TokenError) return error;
  if (error instanceof errors.JWTExpired) return new TokenError(TokenErrorCodes.expired);
  if (error instanceof errors.JWTClaimValidationFailed) {
    return new TokenError(TokenErrorCodes.claims, { cause: error });
  }
  if (error instanceof errors.JOSEAlgNotAllowed) return new TokenError(TokenErrorCodes.algorithm);
  if (error instanceof errors.JWKSNoMatchingKey) return new TokenError(TokenErrorCodes.key);
  if (error instanceof errors.JWSSignatureVerificationFailed) {
    return new TokenError(TokenErrorCodes.signature);
  }
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid) {
    return new TokenError(TokenErrorCodes.keysUnavailable, { cause: error });
  }
  if (error instanceof errors.JOSEError) return new TokenError(TokenErrorCodes.malformed);

  // Anything else came from fetching the key set (connection refused, bad JSON).
  return new TokenError(TokenErrorCodes.keysUnavailable, { cause: error });
}
