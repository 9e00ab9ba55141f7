import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../testing/client.ts';
import { registerMember, testPassword } from '../../testing/members.ts';
import type { TestGateway } from '../../testing/test-gateway.ts';
import { startTestGateway } from '../../testing/test-gateway.ts';
import { totpCode } from '../../testing/totp.ts';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway('mfa', { MFA_REQUIRED_ROLES: 'admin,insurer,intermediary' });
});
afterAll(async () => {
  await gw?.close();
});

describe('a second factor for the roles that move money', () => {
  it('refuses an insurer without TOTP, then serves it once TOTP is set up', async () => {
    const insurer = await registerMember(gw, 'insurer', { verify: false });
    const refused = await insurer.client.get('/api/transactions');
    expect(refused.status).toBe(403);
    expect(refused.json.code).toBe('GATEWAY_SECOND_FACTOR_REQUIRED');
    const token = await insurer.accessToken();
    const byToken = await createClient(gw.url).get('/api/transactions', {
      authorization: `Bearer ${token}`,
    });
    expect(byToken.json.code).toBe('GATEWAY_SECOND_FACTOR_REQUIRED');

    const enabled = await insurer.client.post('/api/auth/two-factor/enable', {
      password: testPassword,
    });
    await insurer.client.post('/api/auth/two-factor/verify-totp', {
      code: totpCode(enabled.json.totpURI),
    });
    expect((await insurer.client.get('/api/transactions')).status).toBe(200);
  });

  it('leaves a provider alone unless its organization asks for it', async () => {
    const provider = await registerMember(gw, 'provider', { verify: false });
    expect((await provider.client.get('/api/services')).status).toBe(200);
  });
});
