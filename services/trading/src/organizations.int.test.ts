import { OrganizationRegistered, OrganizationVerified } from '@hcts/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  as,
  eventually,
  newKey,
  newOrg,
  service,
  startTrading,
  type TradingFixture,
} from './testing/trading-fixture.ts';

describe('buying by and for organizations trading knows from identity events', () => {
  let f: TradingFixture;
  beforeAll(async () => {
    f = await startTrading('trading_organizations');
  });
  afterAll(async () => {
    await f?.stop();
  });

  async function published(provider = newOrg('provider')) {
    const svc = service(provider, 1_000);
    await f.replica.putService(svc);
    return svc.serviceId;
  }

  const quote = async (role: string, caller: string, serviceId: string, buyer?: string) =>
    f.http.inject({
      method: 'POST',
      url: '/api/purchase/quote',
      headers: as(role, caller, newKey()),
      payload: {
        items: [{ serviceId, quantity: 1 }],
        ...(buyer === undefined ? {} : { buyerOrganizationId: buyer }),
      },
    });

  it('refuses an intermediary buying for an unknown, non-insurer or unverified organization', async () => {
    const broker = await f.org('intermediary');
    const provider = await f.org('provider');
    const serviceId = await published(provider);
    const buyers = [
      newOrg('insurer'),
      provider,
      await f.org('intermediary'),
      await f.org('insurer', 'pending'),
      await f.org('insurer', 'suspended'),
      'self',
    ];

    for (const buyer of buyers) {
      const r = await quote('intermediary', broker, serviceId, buyer);
      expect(r.statusCode).toBe(422);
      expect(r.json().code).toBe('TRADING_BUYER_NOT_AN_INSURER');
    }
    const ok = await quote('intermediary', broker, serviceId, await f.org('insurer'));
    expect(ok.statusCode).toBe(201);
  });

  it('refuses a caller whose organization is pending or unknown to trading', async () => {
    const serviceId = await published();
    const insurer = await f.org('insurer');

    const pendingInsurer = await quote('insurer', await f.org('insurer', 'pending'), serviceId);
    const unknownInsurer = await quote('insurer', newOrg('insurer'), serviceId);
    const pendingBroker = await quote(
      'intermediary',
      await f.org('intermediary', 'pending'),
      serviceId,
      insurer,
    );

    for (const r of [pendingInsurer, unknownInsurer, pendingBroker]) {
      expect(r.statusCode).toBe(403);
      expect(r.json().code).toBe('TRADING_ORGANIZATION_NOT_VERIFIED');
    }
  });

  it('learns organizations from the identity topic, and refuses to initiate once suspended', async () => {
    const serviceId = await published();
    const insurer = newOrg('insurer');
    const at = () => new Date().toISOString();
    const decide = (status: 'verified' | 'suspended') =>
      f.publish(f.topics.identity, OrganizationVerified, {
        organizationId: insurer,
        kind: 'insurer',
        status,
        decidedBy: 'admin-1',
        decidedAt: at(),
      });
    await f.publish(f.topics.identity, OrganizationRegistered, {
      organizationId: insurer,
      kind: 'insurer',
      name: 'Test Insurer',
      registeredAt: at(),
    });
    await decide('verified');

    const quoted = await eventually(async () => {
      const r = await quote('insurer', insurer, serviceId);
      return r.statusCode === 201 ? r : undefined;
    });
    await decide('suspended');
    await eventually(async () => {
      const standing = (await f.trading.app.organizations.standings([insurer])).get(insurer);
      return standing?.status === 'suspended' ? standing : undefined;
    });

    const refused = await f.http.inject({
      method: 'POST',
      url: '/api/purchase/initiate',
      headers: as('insurer', insurer, newKey()),
      payload: { transactionId: quoted.json().transactionId },
    });

    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('TRADING_ORGANIZATION_NOT_VERIFIED');
  });
});
