import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createClient } from '../../testing/client.ts';
import type { Member } from '../../testing/members.ts';
import { signUpAndIn, testPassword } from '../../testing/members.ts';
import type { TestGateway } from '../../testing/test-gateway.ts';
import { startTestGateway } from '../../testing/test-gateway.ts';
import { totpCode } from '../../testing/totp.ts';
import { accountKey } from './sign-in-throttle.ts';

const lockoutSeconds = 3;

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway('signinsec', {
    LOGIN_FAILURES_PER_ACCOUNT: '3',
    LOGIN_FAILURES_PER_ADDRESS: '5',
    LOGIN_LOCKOUT_SECONDS: String(lockoutSeconds),
  });
});
afterAll(async () => {
  await gw?.close();
});
beforeEach(() => forgetFailures());

interface Row {
  subject: string | null;
  address: string | null;
  details: Record<string, string | number>;
}

async function rowsOf(type: string, subject?: string) {
  const { rows } = await sql<Row>`
    select subject, address, details from gateway_security_event
    where type = ${type} and (${subject ?? null}::text is null or subject = ${subject ?? null})
    order by occurred_at, id`.execute(gw.db);
  return rows;
}

// Every request of these tests comes from 127.0.0.1: each test starts with no failures counted,
// and forgets them again where its setup signed in.
async function forgetFailures() {
  await gw.redis.eval(
    "for _, k in ipairs(redis.call('keys', ARGV[1])) do redis.call('del', k) end",
    0,
    `${gw.config.redisPrefix}:*/*/*:*`,
  );
}

const signIn = (email: string, password: string, client = createClient(gw.url)) =>
  client.post('/api/auth/sign-in/email', { email, password });

const unknownEmail = () => `nobody-${randomBytes(4).toString('hex')}@example.test`;

describe('what counts toward a sign-in lockout', () => {
  it('counts neither malformed bodies nor an unverified email with its right password', async () => {
    const email = unknownEmail();
    await createClient(gw.url).post('/api/auth/sign-up/email', {
      email,
      password: testPassword,
      name: 'unverified',
    });
    await forgetFailures();
    const failedBefore = (await rowsOf('auth.login-failed')).length;

    for (let i = 0; i < 6; i += 1) {
      const anon = createClient(gw.url);
      expect((await anon.post('/api/auth/sign-in/email', { email: 5 })).status).toBe(400);
      expect((await anon.post('/api/auth/sign-in/email', {})).status).toBe(400);
      const unverified = await signIn(email, testPassword);
      expect(unverified.json.code).toBe('EMAIL_NOT_VERIFIED');
    }

    expect((await rowsOf('auth.login-failed')).length).toBe(failedBefore);
    const member = await signUpAndIn(gw, 'afternoise');
    expect((await signIn(member.email, testPassword)).status).toBe(200);
  });

  it('counts an unknown email like a wrong password and records every lockout of the address', async () => {
    await forgetFailures();
    const lockedBefore = await addressLockouts();
    const failFiveTimes = async () => {
      for (let i = 0; i < 5; i += 1) {
        expect((await signIn(unknownEmail(), 'not the password')).status).toBe(401);
      }
      const refused = await signIn(unknownEmail(), 'not the password');
      expect(refused.json.code).toBe('GATEWAY_LOGIN_LOCKED');
    };

    await failFiveTimes();
    expect(await addressLockouts()).toBe(lockedBefore + 1);
    await sleep(lockoutSeconds * 1000 + 300);
    await failFiveTimes();

    expect(await addressLockouts()).toBe(lockedBefore + 2);
  });

  it('records every lockout of an account, also without a sign-in in between', async () => {
    const member = await signUpAndIn(gw, 'twicelocked');
    const account = accountKey(gw.config.authSecret, member.email);
    await forgetFailures();
    const lockAccount = async () => {
      for (let i = 0; i < 3; i += 1) await signIn(member.email, 'wrong password!!');
      expect((await signIn(member.email, testPassword)).json.code).toBe('GATEWAY_LOGIN_LOCKED');
    };

    await lockAccount();
    await sleep(lockoutSeconds * 1000 + 300);
    await lockAccount();

    const lockouts = await rowsOf('auth.lockout', account);
    expect(lockouts.map((row) => row.details.dimension)).toEqual(['account', 'account']);
  });
});

describe('the second step of a sign-in', () => {
  it('counts wrong TOTP codes toward the lockout; the password step alone ends no count', async () => {
    const { member, uri } = await memberWithTotp('guessed');
    const account = accountKey(gw.config.authSecret, member.email);
    const device = createClient(gw.url);
    const passwordStep = async () => {
      const first = await signIn(member.email, testPassword, device);
      expect(first.json.twoFactorRedirect).toBe(true);
    };
    const tryCode = (code: string) => device.post('/api/auth/two-factor/verify-totp', { code });
    await forgetFailures();

    await passwordStep();
    expect((await tryCode(wrongCode(uri))).json.code).toBe('INVALID_CODE');
    expect((await tryCode(wrongCode(uri))).json.code).toBe('INVALID_CODE');
    await passwordStep();
    expect((await tryCode(wrongCode(uri))).json.code).toBe('INVALID_CODE');

    expect((await tryCode(totpCode(uri))).json.code).toBe('GATEWAY_LOGIN_LOCKED');
    expect((await signIn(member.email, testPassword)).json.code).toBe('GATEWAY_LOGIN_LOCKED');
    const [failed] = await rowsOf('auth.login-failed', account);
    expect(failed!.details).toMatchObject({ method: 'totp', reason: 'INVALID_CODE' });
    expect(failed!.address).toBeTruthy();
    const [locked] = await rowsOf('auth.lockout', account);
    expect(locked!.details).toMatchObject({ dimension: 'account', method: 'totp' });
  });

  it('ends the count and reports the unlock when the right code follows, and records a replay with its address', async () => {
    const { member, uri } = await memberWithTotp('unlocked');
    const account = accountKey(gw.config.authSecret, member.email);
    await forgetFailures();
    for (let i = 0; i < 3; i += 1) await signIn(member.email, 'wrong password!!');
    await forgetFailures();

    const code = totpCode(uri, Date.now() + 30_000);
    const device = createClient(gw.url);
    await signIn(member.email, testPassword, device);
    expect((await device.post('/api/auth/two-factor/verify-totp', { code })).status).toBe(200);
    expect(await rowsOf('auth.unlock', account)).toHaveLength(1);

    const replayer = createClient(gw.url);
    await signIn(member.email, testPassword, replayer);
    expect((await replayer.post('/api/auth/two-factor/verify-totp', { code })).status).toBe(401);
    const [replayed] = await rowsOf('auth.totp-replayed', member.userId);
    expect(replayed!.address).toBeTruthy();
  });
});

async function addressLockouts() {
  const rows = await rowsOf('auth.lockout');
  return rows.filter((row) => row.details.dimension === 'address').length;
}

async function memberWithTotp(label: string): Promise<{ member: Member; uri: string }> {
  const member = await signUpAndIn(gw, label);
  const enabled = await member.client.post('/api/auth/two-factor/enable', {
    password: testPassword,
  });
  const uri = enabled.json.totpURI as string;
  const confirmed = await member.client.post('/api/auth/two-factor/verify-totp', {
    code: totpCode(uri, Date.now() - 30_000),
  });
  if (confirmed.status !== 200) throw new Error(`totp ${confirmed.status} ${confirmed.text}`);
  return { member, uri };
}

// A code no authenticator shows now: none of the codes of the windows Better Auth accepts.
function wrongCode(uri: string): string {
  const valid = new Set([-1, 0, 1].map((step) => totpCode(uri, Date.now() + step * 30_000)));
  let candidate = 0;
  while (valid.has(String(candidate).padStart(6, '0'))) candidate += 1;
  return String(candidate).padStart(6, '0');
}
