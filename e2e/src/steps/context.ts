import type { E2ePlatform } from '../support/e2e-platform.ts';

/** The running platform, known once the suite's beforeAll has started it. */
export type PlatformRef = () => E2ePlatform;

/** The claims of an access token, read without verifying (the services verify them). */
export function claimsOf(token: string): Record<string, unknown> {
  const payload = token.split('.')[1] ?? '';
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
}

/**
 * Time allowed to one test. Generous on purpose: the gateway lets one address make 120
 * `POST /api/auth/*` calls a minute, each new member takes six, and the client waits out a 429's
 * Retry-After (up to a minute) as an app would.
 */
export const stepTimeout = 180_000;
