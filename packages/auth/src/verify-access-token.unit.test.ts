import { randomBytes } from 'node:crypto';
import { base64url, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { TokenError } from './errors.ts';
import { makeSigner, testAudience, testIssuer } from './test-keys.ts';
import { createAccessTokenVerifier } from './verify-access-token.ts';

const kid = `k-${randomBytes(4).toString('hex')}`;
const signer = await makeSigner(kid);
const verify = createAccessTokenVerifier({
  issuer: testIssuer,
  audience: testAudience,
  jwks: signer.jwks,
  clockToleranceSeconds: 0,
});

async function refusal(token: string): Promise<string> {
  const error = await verify(token).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TokenError);
  return (error as TokenError).code;
}

function unsigned(header: object, payload: object): string {
  const part = (o: object) => base64url.encode(JSON.stringify(o));
  return `${part(header)}.${part(payload)}.`;
}

describe('verifyAccessToken', () => {
  it('accepts a token of the gateway and returns the identity', async () => {
    const identity = await verify(await signer.sign({ scope: 'services:read payments:read' }));

    expect(identity).toMatchObject({ userId: 'user-1', organizationId: 'org-1', role: 'insurer' });
    expect(identity.scopes).toEqual(['services:read', 'payments:read']);
  });

  it('refuses alg none', async () => {
    const token = unsigned(
      { alg: 'none', kid },
      { sub: 'user-1', iss: testIssuer, aud: testAudience, exp: 9e9, iat: 1 },
    );
    expect(await refusal(token)).toBe('AUTH_TOKEN_ALGORITHM_REFUSED');
  });

  it('refuses HS256 keyed with the public key', async () => {
    const secret = new TextEncoder().encode(JSON.stringify(signer.publicJwk));
    const token = await new SignJWT({ org: 'org-1', role: 'admin', orgStatus: 'verified' })
      .setProtectedHeader({ alg: 'HS256', kid })
      .setIssuer(testIssuer)
      .setAudience(testAudience)
      .setSubject('user-1')
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(secret);

    expect(await refusal(token)).toBe('AUTH_TOKEN_ALGORITHM_REFUSED');
  });

  it('refuses a token signed by an unknown key', async () => {
    const stranger = await makeSigner(`k-${randomBytes(4).toString('hex')}`);
    expect(await refusal(await stranger.sign())).toBe('AUTH_TOKEN_KEY_UNKNOWN');
  });

  it('refuses a stranger key presented under the known kid', async () => {
    const stranger = await makeSigner(kid);
    expect(await refusal(await stranger.sign())).toBe('AUTH_TOKEN_SIGNATURE_INVALID');
  });

  it('refuses jku and jwk headers, even with a valid signature', async () => {
    const stranger = await makeSigner(kid);
    const withJwk = await stranger.sign({}, { jwk: stranger.publicJwk });
    const withJku = await signer.sign({}, { jku: 'http://127.0.0.1:1/jwks.json' });

    expect(await refusal(withJwk)).toBe('AUTH_TOKEN_HEADER_REFUSED');
    expect(await refusal(withJku)).toBe('AUTH_TOKEN_HEADER_REFUSED');
  });

  it('refuses an expired token', async () => {
    const token = await signer.sign({ exp: Math.floor(Date.now() / 1000) - 10 });
    expect(await refusal(token)).toBe('AUTH_TOKEN_EXPIRED');
  });

  it('refuses a token that is not yet valid', async () => {
    const token = await signer.sign({ nbf: Math.floor(Date.now() / 1000) + 600 });
    expect(await refusal(token)).toBe('AUTH_TOKEN_CLAIMS_INVALID');
  });

  it('refuses a wrong audience and a wrong issuer', async () => {
    expect(await refusal(await signer.sign({ aud: 'someone-else' }))).toBe(
      'AUTH_TOKEN_CLAIMS_INVALID',
    );
    expect(await refusal(await signer.sign({ iss: 'http://127.0.0.1:9' }))).toBe(
      'AUTH_TOKEN_CLAIMS_INVALID',
    );
  });

  it('refuses a session token presented as an access token', async () => {
    const session = `${randomBytes(24).toString('base64url')}.${randomBytes(32).toString('base64')}`;
    expect(await refusal(session)).toBe('AUTH_TOKEN_MALFORMED');
  });

  it('refuses a token without the platform claims', async () => {
    expect(await refusal(await signer.sign({ role: 'superuser' }))).toBe(
      'AUTH_TOKEN_CLAIMS_INVALID',
    );
  });
});

describe('verified-token cache', () => {
  it('refuses a remembered token once it has expired', async () => {
    let clock = Date.now();
    const cached = createAccessTokenVerifier({
      issuer: testIssuer,
      audience: testAudience,
      jwks: signer.jwks,
      clockToleranceSeconds: 0,
      now: () => clock,
    });
    const token = await signer.sign({ exp: Math.floor(clock / 1000) + 2 });
    expect((await cached(token)).userId).toBe('user-1');

    // Move the clock past exp instead of waiting for it.
    clock += 5_000;
    await expect(cached(token)).rejects.toMatchObject({ code: 'AUTH_TOKEN_EXPIRED' });
  });
});
