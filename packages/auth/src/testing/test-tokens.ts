import { generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import type { JSONWebKeySet } from 'jose';

/** Who a test token speaks for; the optional parts default to a verified person. */
export interface TestCaller {
  userId: string;
  organizationId: string;
  /** A string, not a Role, so that a test can also mint a role the platform does not know. */
  role: string;
  organizationStatus?: 'pending' | 'verified' | 'rejected' | 'suspended';
  secondFactorMissing?: boolean;
  via?: 'user' | 'api-key';
  scopes?: readonly string[];
}

export interface TestTokenOptions {
  issuer?: string;
  audience?: string;
  ttlSeconds?: number;
}

export interface TestTokens {
  readonly issuer: string;
  readonly audience: string;
  readonly kid: string;
  /** The public half, as the gateway publishes it. */
  readonly jwks: JSONWebKeySet;
  /** A signed access token; `claims` override or add to what the caller implies. */
  mint(caller: TestCaller, claims?: Record<string, unknown>): string;
  /** `{ authorization: 'Bearer …' }`, to spread into a request's headers. */
  bearer(caller: TestCaller, claims?: Record<string, unknown>): { authorization: string };
}

/**
 * A signing key like the gateway's (Ed25519, EdDSA) and a factory of its access tokens.
 * Signing is synchronous (node:crypto), so tests can build headers inline.
 */
export function createTestTokens(options: TestTokenOptions = {}): TestTokens {
  const issuer = options.issuer ?? 'http://gateway.test';
  const audience = options.audience ?? 'hcts-services';
  const ttlSeconds = options.ttlSeconds ?? 300;
  const kid = `test-${randomBytes(6).toString('hex')}`;
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const jwk = { ...publicKey.export({ format: 'jwk' }), kid, alg: 'EdDSA', use: 'sig' };

  const mint = (caller: TestCaller, claims: Record<string, unknown> = {}) => {
    const now = Math.floor(Date.now() / 1000);
    const payload = {
      iss: issuer,
      aud: audience,
      iat: now,
      exp: now + ttlSeconds,
      ...claimsOf(caller),
      ...claims,
    };
    const signingInput = `${part({ alg: 'EdDSA', kid, typ: 'JWT' })}.${part(payload)}`;
    const signature = sign(null, Buffer.from(signingInput), privateKey).toString('base64url');
    return `${signingInput}.${signature}`;
  };

  return Object.freeze({
    issuer,
    audience,
    kid,
    jwks: { keys: [jwk] } as JSONWebKeySet,
    mint,
    bearer: (caller: TestCaller, claims?: Record<string, unknown>) => ({
      authorization: `Bearer ${mint(caller, claims)}`,
    }),
  });
}

function claimsOf(caller: TestCaller): Record<string, unknown> {
  return {
    sub: caller.userId,
    org: caller.organizationId,
    role: caller.role,
    orgStatus: caller.organizationStatus ?? 'verified',
    kind: caller.via ?? 'user',
    sf: caller.secondFactorMissing ? 'missing' : 'ok',
    ...(caller.scopes ? { scope: caller.scopes.join(' ') } : {}),
  };
}

function part(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}
