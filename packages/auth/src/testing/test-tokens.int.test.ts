import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { createAccessTokenVerifier } from '../verify-access-token.ts';
import { serveJwks } from './jwks-server.ts';
import { createTestTokens } from './test-tokens.ts';

const tokens = createTestTokens({ issuer: 'http://gateway.example.test' });
const jwks = await serveJwks(tokens);
afterAll(() => jwks.close());

describe('test tokens with a served key set', () => {
  it('mints tokens the production verifier accepts from the served URL', async () => {
    const verify = createAccessTokenVerifier({
      issuer: jwks.env.AUTH_ISSUER,
      audience: jwks.env.AUTH_AUDIENCE,
      jwksUrl: jwks.env.AUTH_JWKS_URL,
    });
    const organizationId = `org-${randomBytes(4).toString('hex')}`;
    const token = tokens.mint({
      userId: 'user-7',
      organizationId,
      role: 'intermediary',
      via: 'api-key',
      scopes: ['transactions:read', 'payments:read'],
    });

    expect(await verify(token)).toEqual({
      userId: 'user-7',
      organizationId,
      role: 'intermediary',
      organizationStatus: 'verified',
      scopes: ['transactions:read', 'payments:read'],
      via: 'api-key',
      secondFactorMissing: false,
    });
    expect(jwks.fetches()).toBe(1);
  });

  it('gives every factory a key of its own', async () => {
    const other = createTestTokens({ issuer: tokens.issuer });
    const verify = createAccessTokenVerifier({
      issuer: tokens.issuer,
      audience: tokens.audience,
      jwksUrl: jwks.url,
    });
    const token = other.mint({ userId: 'u', organizationId: 'o', role: 'insurer' });

    expect(other.kid).not.toBe(tokens.kid);
    await expect(verify(token)).rejects.toMatchObject({ code: 'AUTH_TOKEN_KEY_UNKNOWN' });
  });

  it('builds an Authorization header value', () => {
    const { authorization } = tokens.bearer({ userId: 'u', organizationId: 'o', role: 'admin' });

    expect(authorization).toMatch(/^Bearer [\w-]+\.[\w-]+\.[\w-]+$/);
  });
});
