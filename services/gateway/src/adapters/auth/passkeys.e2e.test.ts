import { randomBytes } from 'node:crypto';
import { decodeJwt } from 'jose';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../testing/client.ts';
import type { Member } from '../../testing/members.ts';
import { registerMember, testPassword } from '../../testing/members.ts';
import type { PageAnswer, PasskeyDevice } from '../../testing/passkey-device.ts';
import { openPasskeyDevice } from '../../testing/passkey-device.ts';
import type { TestGateway } from '../../testing/test-gateway.ts';
import { startTestGateway } from '../../testing/test-gateway.ts';
import { accountKey } from './sign-in-throttle.ts';

// Passkeys in real Chromium with a virtual authenticator, through the gateway on localhost
// (WebAuthn does not accept an IP address as relying party).
let gw: TestGateway;
const devices: PasskeyDevice[] = [];

beforeAll(async () => {
  gw = await startTestGateway(
    'passkey',
    { MFA_REQUIRED_ROLES: 'admin,insurer,intermediary' },
    {},
    'localhost',
  );
});
afterEach(async () => {
  await Promise.all(devices.splice(0).map((d) => d.close()));
});
afterAll(async () => {
  await gw?.close();
});

/** An insurer (a role that must have a second factor) signed in with its password on a device. */
async function insurerOnDevice(on = gw): Promise<{ member: Member; device: PasskeyDevice }> {
  const member = await registerMember(on, 'insurer', { verify: false });
  const device = await openPasskeyDevice(on.url);
  devices.push(device);
  await device.useCookies(member.client.cookies);
  return { member, device };
}

/** Registers a passkey for the signed-in person, signs out, and returns the credential id. */
async function enrolAndSignOut(device: PasskeyDevice): Promise<string> {
  const registered = await device.registerPasskey();
  expect(registered.status, JSON.stringify(registered.json)).toBe(200);
  expect((await device.fetch('POST', '/api/auth/sign-out', {})).status).toBe(200);
  return registered.json.credentialID as string;
}

function expectRefused(answer: PageAnswer) {
  expect([400, 401]).toContain(answer.status);
  expect(typeof answer.json?.code).toBe('string');
}

/** The failed passkey sign-ins recorded as security events, oldest first. */
async function passkeyFailures(on = gw) {
  const { rows } = await sql<{ subject: string | null; reason: string; route: string }>`
    select subject, details->>'reason' as reason, details->>'route' as route
    from gateway_security_event
    where type = 'auth.login-failed' and details->>'method' = 'passkey'
    order by id`.execute(on.db);
  return rows;
}

const failuresOf = async (member: Member, on = gw) =>
  (await passkeyFailures(on)).filter(
    (f) => f.subject === accountKey(on.config.authSecret, member.email),
  );

describe('passkeys through the gateway', () => {
  it('signs in with a passkey into a session that passes the member routes', async () => {
    const { member, device } = await insurerOnDevice();
    const passwordOnly = await device.fetch('GET', '/api/transactions');
    expect(passwordOnly.status).toBe(403);
    expect(passwordOnly.json.code).toBe('GATEWAY_SECOND_FACTOR_REQUIRED');

    await enrolAndSignOut(device);
    expect((await device.fetch('GET', '/api/transactions')).status).toBe(401);

    const signedIn = await device.signIn();
    expect(signedIn.status, JSON.stringify(signedIn.json)).toBe(200);
    expect(signedIn.json.user.id).toBe(member.userId);
    expect((await device.fetch('GET', '/api/transactions')).status).toBe(200);

    const token = await device.fetch('GET', '/api/auth/token');
    expect(decodeJwt(token.json.token).sf).toBe('ok');
    const byToken = await createClient(gw.url).get('/api/transactions', {
      authorization: `Bearer ${token.json.token}`,
    });
    expect(byToken.status).toBe(200);
  });

  it("refuses an assertion presented under another user's credential", async () => {
    const victim = await insurerOnDevice();
    const victimCredential = await enrolAndSignOut(victim.device);
    const attacker = await insurerOnDevice();
    await enrolAndSignOut(attacker.device);

    const forged = await attacker.device.signIn({ credentialId: victimCredential });
    expectRefused(forged);
    expect((await attacker.device.fetch('GET', '/api/auth/get-session')).json).toBeNull();
    expect((await attacker.device.fetch('GET', '/api/transactions')).status).toBe(401);

    expect(await failuresOf(victim.member)).toEqual([
      {
        subject: accountKey(gw.config.authSecret, victim.member.email),
        reason: forged.json.code,
        route: 'POST /api/auth/passkey/verify-authentication',
      },
    ]);
    expect(await failuresOf(attacker.member)).toEqual([]);
  });

  it('refuses a signed challenge the gateway did not issue, and a replayed assertion', async () => {
    const { member, device } = await insurerOnDevice();
    await enrolAndSignOut(device);

    expectRefused(await device.signIn({ challenge: 'bm90LXRoZS1pc3N1ZWQtY2hhbGxlbmdl' }));
    expect((await device.fetch('GET', '/api/transactions')).status).toBe(401);

    const assertion = await device.assert();
    const path = '/api/auth/passkey/verify-authentication';
    expect((await device.fetch('POST', path, { response: assertion })).status).toBe(200);
    await device.fetch('POST', '/api/auth/sign-out', {});
    expectRefused(await device.fetch('POST', path, { response: assertion }));
    expect((await device.fetch('GET', '/api/transactions')).status).toBe(401);

    const failures = await failuresOf(member);
    expect(failures.map((f) => f.reason)).toEqual(['AUTHENTICATION_FAILED', 'CHALLENGE_NOT_FOUND']);
  });

  it('refuses a passkey sign-in without user verification (one factor only)', async () => {
    const { member, device } = await insurerOnDevice();
    await enrolAndSignOut(device);
    await device.dropUserVerification();

    const answer = await device.signIn({ skipUserVerification: true });
    expect(answer.status).toBe(401);
    expect(answer.json.code).toBe('PASSKEY_USER_NOT_VERIFIED');
    expect((await device.fetch('GET', '/api/transactions')).status).toBe(401);
    expect((await failuresOf(member)).map((f) => f.reason)).toEqual(['PASSKEY_USER_NOT_VERIFIED']);
  });

  it('records an assertion under an unknown credential against the address only', async () => {
    const { device } = await insurerOnDevice();
    await enrolAndSignOut(device);
    const before = await passkeyFailures();

    const unknown = randomBytes(32).toString('base64url');
    const answer = await device.signIn({ credentialId: unknown });
    expect(answer.status).toBe(401);
    expect(answer.json.code).toBe('PASSKEY_NOT_FOUND');

    expect((await passkeyFailures()).slice(before.length)).toEqual([
      {
        subject: null,
        reason: 'PASSKEY_NOT_FOUND',
        route: 'POST /api/auth/passkey/verify-authentication',
      },
    ]);
  });
});

describe('passkey sign-in failures and the lockout', () => {
  let strict: TestGateway;
  beforeAll(async () => {
    strict = await startTestGateway(
      'passkeylock',
      { LOGIN_FAILURES_PER_ACCOUNT: '2', LOGIN_FAILURES_PER_ADDRESS: '4' },
      {},
      'localhost',
    );
  });
  afterAll(async () => {
    await strict?.close();
  });

  it("count toward the address's lockout, not the account's, and the lock holds both ways in", async () => {
    const { member, device } = await insurerOnDevice(strict);
    await enrolAndSignOut(device);
    const bystander = await insurerOnDevice(strict);
    await enrolAndSignOut(bystander.device);
    const password = () =>
      createClient(strict.url).post('/api/auth/sign-in/email', {
        email: member.email,
        password: testPassword,
      });

    await device.dropUserVerification();
    for (let i = 0; i < 3; i += 1) {
      expect((await device.signIn({ skipUserVerification: true })).status).toBe(401);
    }
    expect((await password()).status).toBe(200);

    expect((await device.signIn({ skipUserVerification: true })).status).toBe(401);
    const locked = await password();
    expect(locked.status).toBe(429);
    expect(locked.json.code).toBe('GATEWAY_LOGIN_LOCKED');
    const lockedPasskey = await bystander.device.signIn();
    expect(lockedPasskey.status).toBe(429);
    expect(lockedPasskey.json.code).toBe('GATEWAY_LOGIN_LOCKED');

    const { rows } = await sql<{ subject: string; details: Record<string, unknown> }>`
      select subject, details from gateway_security_event where type = 'auth.lockout'`.execute(
      strict.db,
    );
    expect(rows).toEqual([
      {
        subject: expect.stringMatching(/^addr:/),
        details: {
          dimension: 'address',
          seconds: strict.config.login.lockoutSeconds,
          method: 'passkey',
          route: 'POST /api/auth/passkey/verify-authentication',
        },
      },
    ]);
    expect(await failuresOf(member, strict)).toHaveLength(1);
  });
});

describe('passkey routes at the gateway', () => {
  it('are in the merged OpenAPI document', async () => {
    const doc = await createClient(gw.url).get('/openapi.json');
    const paths = Object.keys(doc.json.paths);
    for (const route of [
      '/api/auth/passkey/generate-register-options',
      '/api/auth/passkey/verify-registration',
      '/api/auth/passkey/generate-authenticate-options',
      '/api/auth/passkey/verify-authentication',
      '/api/auth/passkey/list-user-passkeys',
    ]) {
      expect(paths).toContain(route);
    }
  });

  it("carry the auth routes' rate limits", async () => {
    const answer = await createClient(gw.url).get(
      '/api/auth/passkey/generate-authenticate-options',
    );
    expect(answer.status).toBe(200);
    expect(answer.headers.get('ratelimit-policy')).toMatch(/^"[a-z]+";q=\d+;w=60$/);
    expect(answer.json.rpId).toBe('localhost');
  });
});
