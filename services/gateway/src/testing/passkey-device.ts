import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { chromium } from 'playwright-core';

const chromiumPath = '/usr/bin/chromium';
const chromiumFlags = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const pagePath = '/__passkey-test-page';

/** What the page's fetch saw: the status and the parsed JSON body, when there was one. */
export interface PageAnswer {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: answers of many shapes, checked by each test
  json: any;
}

/** How a sign-in is tampered with before the assertion goes to the gateway. */
export interface AssertionTampering {
  /** Sign a challenge other than the one the gateway issued. */
  challenge?: string;
  /** Present the assertion under another credential's id (another user's passkey). */
  credentialId?: string;
  /** Ask the authenticator not to verify its user, whatever the gateway asked. */
  skipUserVerification?: boolean;
}

/**
 * A person's device: Chromium with a fresh profile and a CDP virtual authenticator (CTAP2,
 * built in, resident keys, user verification that always succeeds), on a page of the gateway's
 * origin that carries @simplewebauthn/browser. Everything the page does goes to the gateway.
 */
export async function openPasskeyDevice(gatewayUrl: string) {
  if (!existsSync(chromiumPath)) {
    throw new Error(
      `Chromium is missing at ${chromiumPath}: the passkey test needs the Debian package ` +
        '"chromium" (scripts/system-packages.sh installs it; run it as root)',
    );
  }
  const profile = await mkdtemp(join(tmpdir(), 'hcts-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    args: chromiumFlags,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const authenticator = await addVirtualAuthenticator(context, page);
  await openTestPage(context, page, gatewayUrl);

  return {
    page,
    /** Hands the cookies of a signed-in test client to the browser. */
    useCookies: (cookies: Map<string, string>) =>
      context.addCookies([...cookies].map(([name, value]) => ({ name, value, url: gatewayUrl }))),
    fetch: (method: string, path: string, body?: unknown) => pageFetch(page, method, path, body),
    /** From now on the authenticator's PIN or biometric check fails. */
    dropUserVerification: () =>
      authenticator.cdp.send('WebAuthn.setUserVerified', {
        authenticatorId: authenticator.id,
        isUserVerified: false,
      }),
    registerPasskey: () => page.evaluate(registerInPage),
    /** Asks for a challenge and signs it, without sending the assertion. */
    assert: (tampering: AssertionTampering = {}) => page.evaluate(assertInPage, tampering),
    async signIn(tampering: AssertionTampering = {}) {
      const response = await this.assert(tampering);
      return pageFetch(page, 'POST', '/api/auth/passkey/verify-authentication', { response });
    },
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
export type PasskeyDevice = Awaited<ReturnType<typeof openPasskeyDevice>>;

async function addVirtualAuthenticator(context: BrowserContext, page: Page) {
  const cdp = await context.newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const added = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return { cdp, id: added.authenticatorId };
}

/** A page of the gateway's origin (answered by the browser, not the gateway) with the library. */
async function openTestPage(context: BrowserContext, page: Page, gatewayUrl: string) {
  const library = await readFile(simpleWebAuthnBundle(), 'utf8');
  const html = `<!doctype html><html><head><meta charset="utf-8"><script>${library}</script></head><body>passkeys</body></html>`;
  await context.route(`${gatewayUrl}${pagePath}`, (route) =>
    route.fulfill({ status: 200, contentType: 'text/html', body: html }),
  );
  await page.goto(`${gatewayUrl}${pagePath}`);
}

/** The library's browser bundle; its package exports only the module entry, so found beside it. */
function simpleWebAuthnBundle(): string {
  const entry = fileURLToPath(import.meta.resolve('@simplewebauthn/browser'));
  return join(dirname(entry), '..', 'dist', 'bundle', 'index.umd.min.js');
}

function pageFetch(page: Page, method: string, path: string, body?: unknown) {
  return page.evaluate(
    async ({ method, path, body }) => {
      const answer = await fetch(path, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await answer.text();
      let json: unknown;
      try {
        json = text ? JSON.parse(text) : undefined;
      } catch {
        json = undefined;
      }
      return { status: answer.status, json } as PageAnswer;
    },
    { method, path, body },
  );
}

// The two functions below run inside the page: they may use only what the page has.
type Library = typeof import('@simplewebauthn/browser');
type CreationOptions = Parameters<Library['startRegistration']>[0]['optionsJSON'];
type RequestOptions = Parameters<Library['startAuthentication']>[0]['optionsJSON'];

async function registerInPage(): Promise<PageAnswer> {
  const library = (globalThis as unknown as { SimpleWebAuthnBrowser: Library })
    .SimpleWebAuthnBrowser;
  const options = await fetch('/api/auth/passkey/generate-register-options');
  const response = await library.startRegistration({
    optionsJSON: (await options.json()) as CreationOptions,
  });
  const answer = await fetch('/api/auth/passkey/verify-registration', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ response, name: 'test device' }),
  });
  return { status: answer.status, json: await answer.json() };
}

async function assertInPage(tampering: AssertionTampering) {
  const library = (globalThis as unknown as { SimpleWebAuthnBrowser: Library })
    .SimpleWebAuthnBrowser;
  const issued = await fetch('/api/auth/passkey/generate-authenticate-options');
  const options = (await issued.json()) as RequestOptions;
  if (tampering.challenge) options.challenge = tampering.challenge;
  if (tampering.skipUserVerification) options.userVerification = 'discouraged';
  const response = await library.startAuthentication({ optionsJSON: options });
  if (tampering.credentialId) {
    response.id = tampering.credentialId;
    response.rawId = tampering.credentialId;
  }
  return response;
}
