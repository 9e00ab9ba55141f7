import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '../../testing/client.ts';
import { createClient } from '../../testing/client.ts';
import { signUpAndIn } from '../../testing/members.ts';
import type { IdpAccount } from '../../testing/oidc-idp.ts';
import { startIdp } from '../../testing/oidc-idp.ts';
import type { TestGateway } from '../../testing/test-gateway.ts';
import { freePort, startTestGateway } from '../../testing/test-gateway.ts';

const accounts = new Map<string, IdpAccount>();
let gw: TestGateway;
let idp: Awaited<ReturnType<typeof startIdp>>;

beforeAll(async () => {
  const port = await freePort();
  const publicUrl = `http://127.0.0.1:${port}`;
  idp = await startIdp(`${publicUrl}/api/auth/callback/local-idp`, accounts);
  gw = await startTestGateway('oidc', {
    PORT: String(port),
    PUBLIC_URL: publicUrl,
    OIDC_PROVIDERS: JSON.stringify([
      {
        providerId: 'local-idp',
        discoveryUrl: `${idp.issuer}/.well-known/openid-configuration`,
        clientId: idp.clientId,
        clientSecret: idp.clientSecret,
      },
    ]),
  });
});
afterAll(async () => {
  await gw?.close();
  await idp?.close();
});

/** Plays the browser at the identity provider: log in, consent, come back to the gateway. */
async function signInThroughIdp(gateway: Client, accountId: string) {
  const start = await gateway.post('/api/auth/sign-in/social', {
    provider: 'local-idp',
    callbackURL: '/welcome',
  });
  expect(start.status).toBe(200);

  const idpBrowser = createClient(idp.issuer);
  let location = new URL(start.json.url as string);
  for (let step = 0; step < 12; step += 1) {
    if (location.origin === gw.url) {
      return gateway.get(`${location.pathname}${location.search}`);
    }
    let answer = await idpBrowser.get(`${location.pathname}${location.search}`);
    if (answer.status === 200 && answer.text.includes('name="prompt" value="login"')) {
      answer = await form(idpBrowser, location.pathname, {
        prompt: 'login',
        login: accountId,
        password: 'x',
      });
    } else if (answer.status === 200 && answer.text.includes('value="consent"')) {
      answer = await form(idpBrowser, location.pathname, { prompt: 'consent' });
    }
    const next = answer.headers.get('location');
    if (!next) throw new Error(`identity provider stopped at ${answer.status}`);
    location = new URL(next, location);
  }
  throw new Error('too many redirects');
}

function form(client: Client, path: string, fields: Record<string, string>) {
  return client.call('POST', path, {
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    rawBody: new URLSearchParams(fields).toString(),
  });
}

describe('OpenID Connect sign-in', () => {
  it('signs a new user in through the provider', async () => {
    accounts.set('oidc-new', { email: 'oidc-new@example.test', emailVerified: true, name: 'New' });
    const browser = createClient(gw.url);
    const back = await signInThroughIdp(browser, 'oidc-new');

    expect(back.status).toBe(302);
    expect(back.headers.get('location')).toContain('/welcome');
    const role = await browser.get('/api/user/role');
    expect(role.status).toBe(200);
  });

  it('links to an existing user only when the provider vouches for the email', async () => {
    const existing = await signUpAndIn(gw, 'linker');
    accounts.set('oidc-unverified', { email: existing.email, emailVerified: false, name: 'L' });
    accounts.set('oidc-verified', { email: existing.email, emailVerified: true, name: 'L' });

    const refused = createClient(gw.url);
    await signInThroughIdp(refused, 'oidc-unverified');
    expect((await refused.get('/api/user/role')).status).toBe(401);

    const linked = createClient(gw.url);
    await signInThroughIdp(linked, 'oidc-verified');
    const role = await linked.get('/api/user/role');
    expect(role.json.userId).toBe(existing.userId);
  });
});
