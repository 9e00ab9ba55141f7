import type { E2ePlatform } from '../support/e2e-platform.ts';

/** The running platform, known once the suite's beforeAll has started it. */
export type PlatformRef = () => E2ePlatform;

/** The claims of an access token, read without verifying (the services verify them). */
export function claimsOf(token: string): Record<string, unknown> {
  const payload = token.split('.')[1] ?? '';
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
}
