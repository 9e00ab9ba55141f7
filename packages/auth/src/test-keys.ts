import type { JSONWebKeySet, JWTPayload } from 'jose';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';

// Test support: a signing key like the gateway's and a token factory. Not exported from index.
export const testIssuer = 'http://127.0.0.1:8080';
export const testAudience = 'hcts-services';

export async function makeSigner(kid: string) {
  const { privateKey, publicKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'EdDSA', use: 'sig' };
  const jwks: JSONWebKeySet = { keys: [publicJwk] };

  // Overrides win over the defaults, so a test can spoil any one claim.
  const sign = (claims: JWTPayload = {}, header: Record<string, unknown> = {}) => {
    const now = Math.floor(Date.now() / 1000);
    const payload = {
      iss: testIssuer,
      aud: testAudience,
      sub: 'user-1',
      iat: now,
      exp: now + 300,
      org: 'org-1',
      role: 'insurer',
      orgStatus: 'verified',
      kind: 'user',
      ...claims,
    };
    return new SignJWT(payload)
      .setProtectedHeader({ alg: 'EdDSA', kid, ...header })
      .sign(privateKey);
  };

  return { privateKey, publicKey, publicJwk, jwks, sign };
}
