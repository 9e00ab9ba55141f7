import { decodeJwt } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../testing/client.ts';
import type { Member } from '../../testing/members.ts';
import { registerMember } from '../../testing/members.ts';
import type { PageAnswer, PasskeyDevice } from '../../testing/passkey-device.ts';
import { openPasskeyDevice } from '../../testing/passkey-device.ts';
import type { TestGateway } from '../../testing/test-gateway.ts';
import { startTestGateway } from '../../testing/test-gateway.ts';

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
async function insurerOnDevice(): Promise<{ member: Member; device: PasskeyDevice }> {
  const member = await registerMember(gw, 'insurer', { verify: false });
  const device = await openPasskeyDevice(gw.url);
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
  });

  it('refuses a signed challenge the gateway did not issue, and a replayed assertion', async () => {
    const { device } = await insurerOnDevice();
    await enrolAndSignOut(device);

    expectRefused(await device.signIn({ challenge: 'bm90LXRoZS1pc3N1ZWQtY2hhbGxlbmdl' }));
    expect((await device.fetch('GET', '/api/transactions')).status).toBe(401);

    const assertion = await device.assert();
    const path = '/api/auth/passkey/verify-authentication';
    expect((await device.fetch('POST', path, { response: assertion })).status).toBe(200);
    await device.fetch('POST', '/api/auth/sign-out', {});
    expectRefused(await device.fetch('POST', path, { response: assertion }));
    expect((await device.fetch('GET', '/api/transactions')).status).toBe(401);
  });

  it('refuses a passkey sign-in without user verification (one factor only)', async () => {
    const { device } = await insurerOnDevice();
    await enrolAndSignOut(device);
    await device.dropUserVerification();

    const answer = await device.signIn({ skipUserVerification: true });
    expect(answer.status).toBe(401);
    expect(answer.json.code).toBe('PASSKEY_USER_NOT_VERIFIED');
    expect((await device.fetch('GET', '/api/transactions')).status).toBe(401);
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
