import { randomBytes } from 'node:crypto';
import { isAppError, statusOfCategory } from '@hcts/kit';
import { describe, expect, it } from 'vitest';
import { createCallerResolver } from './caller-resolver.ts';
import { authErrors } from './http-errors.ts';
import { createTestTokens } from './testing/test-tokens.ts';
import { createAccessTokenVerifier } from './verify-access-token.ts';

const tokens = createTestTokens();
const verifier = createAccessTokenVerifier({
  issuer: tokens.issuer,
  audience: tokens.audience,
  jwks: tokens.jwks,
});
const resolve = createCallerResolver({ verifier });

const someone = (role = 'insurer') => ({
  userId: `user-${randomBytes(4).toString('hex')}`,
  organizationId: `org-${randomBytes(4).toString('hex')}`,
  role,
});
const request = (authorization?: string) => ({ headers: { authorization } });

/** The code and HTTP status a refusal would be rendered with. */
async function refusal(authorization?: string, resolver = resolve) {
  const error = await resolver(request(authorization)).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isAppError(error)) throw new Error(`expected a catalogue error, got ${String(error)}`);
  return { code: error.code, status: statusOfCategory[error.category] };
}

describe('createCallerResolver', () => {
  it('returns the identity of a valid bearer token, whatever the scheme case', async () => {
    const who = someone('provider');
    const token = tokens.mint(who);

    for (const header of [`Bearer ${token}`, `bearer ${token}`, `BEARER  ${token} `]) {
      expect(await resolve(request(header))).toMatchObject({
        userId: who.userId,
        organizationId: who.organizationId,
        role: 'provider',
      });
    }
  });

  it('answers 401 AUTH_TOKEN_MISSING without a bearer token', async () => {
    const token = tokens.mint(someone());

    for (const header of [undefined, '', 'Bearer', 'Bearer ', `Basic ${token}`, token]) {
      expect(await refusal(header)).toEqual({ code: 'AUTH_TOKEN_MISSING', status: 401 });
    }
  });

  it("answers 401 with the verifier's code for a refused token", async () => {
    const stranger = createTestTokens();
    const expired = tokens.mint(someone(), { exp: Math.floor(Date.now() / 1000) - 60 });

    expect(await refusal(`Bearer ${stranger.mint(someone())}`)).toEqual({
      code: 'AUTH_TOKEN_KEY_UNKNOWN',
      status: 401,
    });
    expect(await refusal(`Bearer ${expired}`)).toEqual({ code: 'AUTH_TOKEN_EXPIRED', status: 401 });
    expect(await refusal(`Bearer ${tokens.mint(someone('superuser'))}`)).toEqual({
      code: 'AUTH_TOKEN_CLAIMS_INVALID',
      status: 401,
    });
    expect(await refusal('Bearer not-a-jwt')).toEqual({
      code: 'AUTH_TOKEN_MALFORMED',
      status: 401,
    });
  });

  it('refuses with 403 a person whose required second factor is missing', async () => {
    const token = tokens.mint({ ...someone('admin'), secondFactorMissing: true });

    expect(await refusal(`Bearer ${token}`)).toEqual({
      code: 'AUTH_SECOND_FACTOR_REQUIRED',
      status: 403,
    });
    const { message } = authErrors.AUTH_SECOND_FACTOR_REQUIRED();
    expect(message).toContain('TOTP');
    expect(message).toContain('passkey');
  });

  it('lets a missing second factor through only when told to', async () => {
    const lenient = createCallerResolver({ verifier, allowMissingSecondFactor: true });
    const token = tokens.mint({ ...someone('admin'), secondFactorMissing: true });

    expect(await lenient(request(`Bearer ${token}`))).toMatchObject({
      role: 'admin',
      secondFactorMissing: true,
    });
  });

  it('passes on an error that is not a refusal, for a 500', async () => {
    const broken = createCallerResolver({
      verifier: () => Promise.reject(new RangeError('bug')),
    });

    await expect(broken(request(`Bearer ${tokens.mint(someone())}`))).rejects.toBeInstanceOf(
      RangeError,
    );
  });
});
