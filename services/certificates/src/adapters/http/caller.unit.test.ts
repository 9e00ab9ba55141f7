import { randomBytes } from 'node:crypto';
import { createAccessTokenVerifier } from '@hcts/auth';
import { createTestTokens } from '@hcts/auth/testing';
import type { FastifyRequest } from 'fastify';
import { describe, expect, it } from 'vitest';
import { callerOf } from './caller.ts';

const tokens = createTestTokens();
// The key set given inline: the same checks as from the gateway's URL, without I/O.
const verify = createAccessTokenVerifier({
  issuer: tokens.issuer,
  audience: tokens.audience,
  jwks: tokens.jwks,
});

const requestWith = (headers: Record<string, string>) => ({ headers }) as FastifyRequest;

function member(role = 'insurer') {
  const organizationId = `org-${randomBytes(4).toString('hex')}`;
  return { userId: `user-${organizationId}`, organizationId, role };
}

/** What the gateway adds beside the token; anyone reaching the port can type them. */
function forged(who: { userId: string; organizationId: string; role: string }) {
  return {
    'x-hcts-user-id': who.userId,
    'x-hcts-organization-id': who.organizationId,
    'x-hcts-role': who.role,
  };
}

describe('the certificates caller', () => {
  it('is who the token says, whatever the x-hcts-* headers claim', async () => {
    const who = member('insurer');
    const headers = { ...forged(member('admin')), ...tokens.bearer(who) };

    expect(await callerOf(verify, requestWith(headers))).toEqual({
      userId: who.userId,
      organizationId: who.organizationId,
      role: 'insurer',
    });
  });

  it('refuses forged x-hcts-* headers without a token as unauthenticated', async () => {
    await expect(callerOf(verify, requestWith(forged(member('admin'))))).rejects.toMatchObject({
      code: 'AUTH_TOKEN_MISSING',
      category: 'unauthenticated',
    });
  });

  it('refuses a token signed by another key', async () => {
    const stranger = createTestTokens({ issuer: tokens.issuer, audience: tokens.audience });

    await expect(
      callerOf(verify, requestWith(stranger.bearer(member('admin')))),
    ).rejects.toMatchObject({ code: 'AUTH_TOKEN_KEY_UNKNOWN', category: 'unauthenticated' });
  });

  it('refuses a member whose second factor is required but missing', async () => {
    const headers = tokens.bearer({ ...member('provider'), secondFactorMissing: true });

    await expect(callerOf(verify, requestWith(headers))).rejects.toMatchObject({
      code: 'AUTH_SECOND_FACTOR_REQUIRED',
      category: 'forbidden',
    });
  });
});
