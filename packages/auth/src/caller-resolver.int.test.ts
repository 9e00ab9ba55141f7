import { isAppError, statusOfCategory } from '@hcts/kit';
import { describe, expect, it } from 'vitest';
import { createCallerResolver } from './caller-resolver.ts';
import { createTestTokens } from './testing/test-tokens.ts';
import { createAccessTokenVerifier } from './verify-access-token.ts';

describe('createCallerResolver with a remote key set', () => {
  it('answers 503 when the keys cannot be fetched, not 401', async () => {
    const tokens = createTestTokens();
    const resolve = createCallerResolver({
      verifier: createAccessTokenVerifier({
        issuer: tokens.issuer,
        audience: tokens.audience,
        // Port 1 on the loopback: nothing listens, the connection is refused at once.
        jwksUrl: 'http://127.0.0.1:1/jwks.json',
      }),
    });
    const token = tokens.mint({ userId: 'u', organizationId: 'o', role: 'insurer' });

    const error = await resolve({ headers: { authorization: `Bearer ${token}` } }).then(
      () => undefined,
      (e: unknown) => e,
    );

    expect(isAppError(error) && error.code).toBe('AUTH_KEYS_UNAVAILABLE');
    expect(isAppError(error) && statusOfCategory[error.category]).toBe(503);
  });
});
