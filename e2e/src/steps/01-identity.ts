import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  enableTotp,
  ensureOrganization,
  signIn,
  signInWithTotp,
  signUp,
  verifyOrganization,
} from '../../../scripts/demo/accounts.ts';
import { GatewayClient } from '../../../scripts/demo/gateway-client.ts';
import { e2ePassword, newParty } from '../support/members.ts';
import { claimsOf, type PlatformRef, stepTimeout } from './context.ts';

export function identitySteps(platform: PlatformRef): void {
  describe('1. organizations register, the admin verifies them, users sign in', () => {
    it(
      'a registered organization trades only once the admin has verified it',
      async () => {
        const provider = await newParty(platform(), 'provider', { verify: false });
        const body = {
          name: 'Basic metabolic panel',
          procedureCode: { system: 'CPT', code: '80048' },
          careSetting: 'outpatient',
          basePrice: { amountMinor: 15_000, currency: 'USD' },
        };
        const refused = await provider.api.post('/api/services', body);
        expect(refused.status).toBe(422);
        expect(refused.json.code).toBe('GATEWAY_ORGANIZATION_NOT_VERIFIED');

        const decided = await verifyOrganization(platform().admin, provider.organizationId);
        expect(decided.status).toBe(200);
        const api = new GatewayClient(platform().gatewayUrl);
        api.useBearer(await provider.client.accessToken());
        expect((await api.post('/api/services', body)).status).toBe(201);
      },
      stepTimeout,
    );

    it(
      'a signed-in member gets an access token naming its organization and role',
      async () => {
        const insurer = await newParty(platform(), 'insurer');
        const again = await signIn(
          platform().gatewayUrl,
          insurer.email,
          e2ePassword,
          insurer.totpUri,
        );
        expect(again?.userId).toBe(insurer.userId);

        const claims = claimsOf(await insurer.client.accessToken());
        expect(claims).toMatchObject({
          sub: insurer.userId,
          org: insurer.organizationId,
          role: 'insurer',
          orgStatus: 'verified',
        });
        expect(await signIn(platform().gatewayUrl, insurer.email, 'wrong password!!')).toBe(
          undefined,
        );
      },
      stepTimeout,
    );

    it(
      'a user with TOTP on signs in only with the code of the moment',
      async () => {
        const tag = randomBytes(4).toString('hex');
        const account = await signUp(platform(), {
          email: `totp-${tag}@e2e.hcts.local`,
          password: e2ePassword,
          name: `totp ${tag}`,
        });
        await ensureOrganization(account, {
          name: `ins ${tag}`,
          slug: `ins-${tag}`,
          kind: 'insurer',
        });
        const uri = await enableTotp(account);
        const credentials = { email: account.email, password: e2ePassword };

        const wrongWindow = Date.now() - 10 * 60_000;
        const refused = await signInWithTotp(platform().gatewayUrl, credentials, uri, wrongWindow);
        expect(refused.first.json.twoFactorRedirect).toBe(true);
        expect(refused.second.status).toBe(401);

        // The confirming code was this window's, and a code is good once: the next one is used.
        const next = Date.now() + 30_000;
        const accepted = await signInWithTotp(platform().gatewayUrl, credentials, uri, next);
        expect(accepted.second.status).toBe(200);
        expect(claimsOf(await accepted.client.accessToken()).sub).toBe(account.userId);
      },
      stepTimeout,
    );
  });
}
