import { createAccessTokenVerifier } from '@hcts/auth';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../testing/client.ts';
import { firstLink } from '../../testing/mailbox.ts';
import { registerMember, signUpAndIn, testPassword } from '../../testing/members.ts';
import type { TestGateway } from '../../testing/test-gateway.ts';
import { startTestGateway } from '../../testing/test-gateway.ts';
import { totpCode } from '../../testing/totp.ts';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway('authflows', { LOGIN_FAILURES_PER_ACCOUNT: '3' });
});
afterAll(async () => {
  await gw?.close();
});

async function securityEvents(type: string) {
  const { rows } = await sql<{ subject: string }>`
    select subject from gateway_security_event where type = ${type}`.execute(gw.db);
  return rows;
}

describe('email and password', () => {
  it('answers an unknown user and a wrong password alike', async () => {
    const member = await signUpAndIn(gw, 'alike');
    const anon = createClient(gw.url);
    const wrong = await anon.post('/api/auth/sign-in/email', {
      email: member.email,
      password: 'not the password at all',
    });
    const unknown = await anon.post('/api/auth/sign-in/email', {
      email: `nobody-${member.userId}@example.test`,
      password: 'not the password at all',
    });

    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(wrong.status);
    expect(unknown.json).toEqual(wrong.json);
  });

  it('locks an account after repeated failures and reports lockout and unlock', async () => {
    const member = await signUpAndIn(gw, 'locked');
    const attacker = createClient(gw.url);
    const attempt = (password: string) =>
      attacker.post('/api/auth/sign-in/email', { email: member.email, password });

    for (let i = 0; i < 3; i += 1) expect((await attempt('wrong password!!')).status).toBe(401);
    const locked = await attempt(testPassword);
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await securityEvents('auth.lockout')).not.toHaveLength(0);

    // An operator lifting the lock (here: the window ending) lets the right password in again.
    await gw.redis.eval(
      "for _, k in ipairs(redis.call('keys', ARGV[1])) do redis.call('del', k) end",
      0,
      `${gw.config.redisPrefix}:*/*:acct:*`,
    );
    expect((await attempt(testPassword)).status).toBe(200);
    expect(await securityEvents('auth.unlock')).not.toHaveLength(0);
  });

  it('resets a forgotten password by mail and ends every session', async () => {
    const member = await signUpAndIn(gw, 'forgetful');
    const anon = createClient(gw.url);
    await anon.post('/api/auth/request-password-reset', {
      email: member.email,
      redirectTo: '/reset',
    });
    const mail = await gw.mailbox.next(member.email, /reset/i);
    const token = new URL(firstLink(mail.text)).pathname.split('/').at(-1);

    const reset = await anon.post('/api/auth/reset-password', {
      token,
      newPassword: 'a brand new passphrase',
    });
    expect(reset.status).toBe(200);
    expect((await member.client.get('/api/user/role')).status).toBe(401);

    const again = await anon.post('/api/auth/sign-in/email', {
      email: member.email,
      password: 'a brand new passphrase',
    });
    expect(again.status).toBe(200);
  });
});

describe('sessions', () => {
  it('lists sessions per user and revokes on logout, also for bearer tokens', async () => {
    const member = await signUpAndIn(gw, 'sessions');
    const bearer = { authorization: `Bearer ${member.client.sessionToken}` };
    const listed = await member.client.get('/api/auth/list-sessions');
    expect(listed.json).toHaveLength(1);
    expect((await createClient(gw.url).get('/api/user/role', bearer)).status).toBe(200);

    await member.client.post('/api/auth/sign-out');
    expect((await createClient(gw.url).get('/api/user/role', bearer)).status).toBe(401);
  });

  it('refuses a session token without its signature (a copied database row)', async () => {
    const member = await signUpAndIn(gw, 'rowthief');
    const { rows } = await sql<{ token: string }>`
      select token from session where "userId" = ${member.userId}`.execute(gw.db);
    const stolen = { authorization: `Bearer ${rows[0]!.token}` };

    expect((await createClient(gw.url).get('/api/user/role', stolen)).status).toBe(401);
  });

  it('ends the other sessions when the password changes', async () => {
    const member = await signUpAndIn(gw, 'changer');
    const other = createClient(gw.url);
    await other.post('/api/auth/sign-in/email', { email: member.email, password: testPassword });
    expect((await other.get('/api/user/role')).status).toBe(200);

    const changed = await member.client.post('/api/auth/change-password', {
      currentPassword: testPassword,
      newPassword: 'another long passphrase',
    });
    expect(changed.status).toBe(200);
    expect((await other.get('/api/user/role')).status).toBe(401);
  });
});

describe('access tokens', () => {
  it('issues EdDSA tokens that a service verifies against the JWKS', async () => {
    const insurer = await registerMember(gw, 'insurer');
    const verify = createAccessTokenVerifier({
      issuer: gw.url,
      audience: 'hcts-services',
      jwksUrl: `${gw.url}/.well-known/jwks.json`,
    });

    const identity = await verify(await insurer.accessToken());
    expect(identity).toMatchObject({
      userId: insurer.userId,
      organizationId: insurer.organizationId,
      role: 'insurer',
      organizationStatus: 'verified',
    });
  });
});

describe('TOTP', () => {
  it('signs in with a second factor and refuses a replayed code', async () => {
    const member = await signUpAndIn(gw, 'totp');
    const enabled = await member.client.post('/api/auth/two-factor/enable', {
      password: testPassword,
    });
    expect(enabled.status).toBe(200);
    const uri = enabled.json.totpURI as string;
    const now = Date.now();
    const confirm = await member.client.post('/api/auth/two-factor/verify-totp', {
      code: totpCode(uri, now),
    });
    expect(confirm.status).toBe(200);

    const signInWithCode = async (code: string) => {
      const device = createClient(gw.url);
      const first = await device.post('/api/auth/sign-in/email', {
        email: member.email,
        password: testPassword,
      });
      expect(first.json.twoFactorRedirect).toBe(true);
      return device.post('/api/auth/two-factor/verify-totp', { code });
    };
    const next = totpCode(uri, now + 30_000);

    expect((await signInWithCode(next)).status).toBe(200);
    expect((await signInWithCode(next)).status).toBe(401);
    expect(await securityEvents('auth.totp-replayed')).not.toHaveLength(0);
  });
});
