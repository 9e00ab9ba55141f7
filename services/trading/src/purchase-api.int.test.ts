import { createTestTokens } from '@hcts/auth/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { streamOf } from './app/stream-events.ts';
import {
  as,
  newKey,
  newOrg,
  service,
  startTrading,
  type TradingFixture,
  tokens,
} from './testing/trading-fixture.ts';

describe('purchase API: concurrency, idempotency, roles, listing', () => {
  let f: TradingFixture;

  beforeAll(async () => {
    f = await startTrading('trading_api');
  });
  afterAll(async () => {
    await f?.stop();
  });

  /** A published service in the replica and a quote on it for a new insurer. */
  async function quoted(
    options: { intermediary?: string; insurer?: string; provider?: string } = {},
  ) {
    const insurer = options.insurer ?? (await f.org('insurer'));
    const provider = options.provider ?? newOrg('provider');
    const svc = service(provider, 12_345);
    await f.replica.putService(svc);
    const caller = options.intermediary
      ? as('intermediary', options.intermediary, newKey())
      : as('insurer', insurer, newKey());
    const payload = {
      items: [{ serviceId: svc.serviceId, quantity: 2 }],
      ...(options.intermediary ? { buyerOrganizationId: insurer } : {}),
    };
    const r = await f.http.inject({
      method: 'POST',
      url: '/api/purchase/quote',
      headers: caller,
      payload,
    });
    expect(r.statusCode).toBe(201);
    return { insurer, provider, svc, tx: r.json() as { transactionId: string; version: number } };
  }

  const post = (path: string, headers: Record<string, string>, payload: object) =>
    f.http.inject({ method: 'POST', url: path, headers, payload });

  it('lets exactly one of 50 concurrent commands at one expected version win; the rest get 409', async () => {
    const { insurer, tx } = await quoted();
    const initiated = await post('/api/purchase/initiate', as('insurer', insurer, newKey()), {
      transactionId: tx.transactionId,
    });
    const version = initiated.json().version as number;

    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        post('/api/purchase/cancel', as('insurer', insurer, newKey()), {
          transactionId: tx.transactionId,
          expectedVersion: version,
          reason: `attempt ${i}`,
        }),
      ),
    );
    const codes = responses.map((r) => r.statusCode);

    expect(codes.filter((c) => c === 200)).toHaveLength(1);
    expect(codes.filter((c) => c === 409)).toHaveLength(49);
    // The losers hear it in trading's words, without the event store's stream names.
    const loser = responses.find((r) => r.statusCode === 409)!.json();
    expect(loser.code).toBe('TRADING_VERSION_CONFLICT');
    expect(JSON.stringify(loser)).not.toContain('transaction-');
    const stream = await f.trading.app.repo.events.readStream(streamOf(tx.transactionId));
    expect(stream.map((e) => e.version)).toEqual([1, 2, 3]);
    const winner = responses.find((r) => r.statusCode === 200)!.json();
    expect(stream[2]!.data).toMatchObject({ reason: winner.cancellationReason });
  });

  it('applies 20 concurrent copies of one command once, replaying the first response', async () => {
    const { insurer, tx } = await quoted();
    const key = newKey();

    const responses = await Promise.all(
      Array.from({ length: 20 }, () =>
        post('/api/purchase/initiate', as('insurer', insurer, key), {
          transactionId: tx.transactionId,
        }),
      ),
    );
    const retry = await post('/api/purchase/initiate', as('insurer', insurer, key), {
      transactionId: tx.transactionId,
    });
    const reused = await post('/api/purchase/cancel', as('insurer', insurer, key), {
      transactionId: tx.transactionId,
      reason: 'other body, same key',
    });

    expect(responses.every((r) => r.statusCode === 200)).toBe(true);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.json()).toEqual(responses[0]!.json());
    expect(reused.statusCode).toBe(409);
    expect(reused.json().code).toBe('TRADING_IDEMPOTENCY_KEY_REUSED');
    const stream = await f.trading.app.repo.events.readStream(streamOf(tx.transactionId));
    expect(stream).toHaveLength(2);
  });

  it('requires an Idempotency-Key on purchase calls', async () => {
    const { insurer, tx } = await quoted();
    const r = await post('/api/purchase/initiate', as('insurer', insurer), {
      transactionId: tx.transactionId,
    });
    expect(r.statusCode).toBe(400);
    expect(JSON.stringify(r.json().errors)).toContain('idempotency-key');
  });

  it('refuses buyers that are not insurers or brokers, and retired services', async () => {
    const provider = newOrg('provider');
    const svc = service(provider);
    await f.replica.putService(svc);
    const body = { items: [{ serviceId: svc.serviceId, quantity: 1 }] };

    const asProvider = await post('/api/purchase/quote', as('provider', provider, newKey()), body);
    await f.replica.retireService(svc.serviceId, 2);
    const retired = await post(
      '/api/purchase/quote',
      as('insurer', await f.org('insurer'), newKey()),
      body,
    );

    expect(asProvider.statusCode).toBe(403);
    expect(asProvider.json().code).toBe('TRADING_NOT_A_BUYER');
    expect(retired.statusCode).toBe(422);
  });

  it('shows each role its own transactions, page by page, and hides the rest', async () => {
    const provider = newOrg('provider');
    const broker = await f.org('intermediary');
    const insurer = await f.org('insurer');
    const mine = [];
    for (let i = 0; i < 3; i++) mine.push((await quoted({ insurer, provider })).tx.transactionId);
    const brokered = (await quoted({ intermediary: broker, provider })).tx.transactionId;
    const other = (await quoted()).tx.transactionId;

    const pages = async (headers: Record<string, string>) => {
      const ids: string[] = [];
      let cursor: string | null = null;
      do {
        const url: string = `/api/transactions?limit=2${cursor ? `&cursor=${cursor}` : ''}`;
        const page = (await f.http.inject({ url, headers })).json();
        ids.push(...page.items.map((t: { transactionId: string }) => t.transactionId));
        cursor = page.next;
      } while (cursor);
      return ids;
    };

    expect(await pages(as('insurer', insurer))).toEqual([...mine].reverse());
    expect(await pages(as('provider', provider))).toEqual([brokered, ...[...mine].reverse()]);
    expect(await pages(as('intermediary', broker))).toEqual([brokered]);
    expect(await pages(as('admin', newOrg('operator')))).toEqual(
      expect.arrayContaining([other, brokered, ...mine]),
    );
    const stranger = await f.http.inject({
      url: `/api/transactions/${other}`,
      headers: as('insurer', insurer),
    });
    expect(stranger.statusCode).toBe(404);
    const seller = await f.http.inject({
      url: `/api/transactions/${brokered}`,
      headers: as('provider', provider),
    });
    expect(seller.statusCode).toBe(200);
  });

  it('keeps a cart per buying organization: add, change, remove, view', async () => {
    const insurer = await f.org('insurer');
    const svc = service(newOrg('provider'));
    await f.replica.putService(svc);
    const headers = as('insurer', insurer);
    const url = `/api/cart/items/${svc.serviceId}`;

    await f.http.inject({
      method: 'POST',
      url: '/api/cart/items',
      headers,
      payload: { serviceId: svc.serviceId, quantity: 1 },
    });
    await f.http.inject({
      method: 'POST',
      url: '/api/cart/items',
      headers,
      payload: { serviceId: svc.serviceId, quantity: 2 },
    });
    const added = (await f.http.inject({ url: '/api/cart', headers })).json();
    const changed = (
      await f.http.inject({ method: 'PUT', url, headers, payload: { quantity: 7 } })
    ).json();
    const elsewhere = (
      await f.http.inject({ url: '/api/cart', headers: as('insurer', await f.org('insurer')) })
    ).json();
    const removed = (await f.http.inject({ method: 'DELETE', url, headers })).json();
    const again = await f.http.inject({ method: 'DELETE', url, headers });

    expect(added.items).toMatchObject([{ serviceId: svc.serviceId, quantity: 3 }]);
    expect(changed.items).toMatchObject([{ quantity: 7 }]);
    expect(elsewhere.items).toEqual([]);
    expect(removed.items).toEqual([]);
    expect(again.statusCode).toBe(404);
  });

  it('adds to the cart once per Idempotency-Key', async () => {
    const svc = service(newOrg('provider'));
    await f.replica.putService(svc);
    const headers = as('insurer', await f.org('insurer'), newKey());
    const payload = { serviceId: svc.serviceId, quantity: 2 };

    await f.http.inject({ method: 'POST', url: '/api/cart/items', headers, payload });
    const retried = await f.http.inject({
      method: 'POST',
      url: '/api/cart/items',
      headers,
      payload,
    });

    expect(retried.headers['idempotent-replayed']).toBe('true');
    expect(retried.json().items).toMatchObject([{ quantity: 2 }]);
  });

  it('trusts no identity header: without a verified token the answer is 401', async () => {
    const { insurer, tx } = await quoted();
    const url = `/api/transactions/${tx.transactionId}`;
    const forged = {
      'x-hcts-user-id': `user-${insurer}`,
      'x-hcts-organization-id': insurer,
      'x-hcts-role': 'admin',
    };
    const who = { userId: `user-${insurer}`, organizationId: insurer, role: 'insurer' };

    const headersOnly = await f.http.inject({ url, headers: forged });
    const strangerKey = await f.http.inject({
      url,
      headers: { ...forged, ...createTestTokens({ issuer: tokens.issuer }).bearer(who) },
    });
    const cartWithHeaders = await f.http.inject({ url: '/api/cart', headers: forged });

    expect(headersOnly.statusCode).toBe(401);
    expect(headersOnly.headers['content-type']).toMatch(/problem\+json/);
    expect(headersOnly.json().code).toBe('AUTH_TOKEN_MISSING');
    expect(strangerKey.statusCode).toBe(401);
    expect(strangerKey.json().code).toBe('AUTH_TOKEN_KEY_UNKNOWN');
    expect(cartWithHeaders.statusCode).toBe(401);
    expect((await f.http.inject({ url, headers: as('insurer', insurer) })).statusCode).toBe(200);
  });

  it("reads by the token's organization: another organization's token gets 404", async () => {
    const { insurer, tx } = await quoted();
    const url = `/api/transactions/${tx.transactionId}`;
    const otherInsurer = as('insurer', await f.org('insurer'));
    // The token speaks for another organization; headers naming the owner change nothing.
    const withOwnerHeaders = {
      ...otherInsurer,
      'x-hcts-organization-id': insurer,
      'x-hcts-user-id': `user-${insurer}`,
    };

    expect((await f.http.inject({ url, headers: otherInsurer })).statusCode).toBe(404);
    expect((await f.http.inject({ url, headers: withOwnerHeaders })).statusCode).toBe(404);
    expect((await f.http.inject({ url, headers: as('insurer', insurer) })).statusCode).toBe(200);
  });

  it('refuses a person whose required second factor is missing with 403', async () => {
    const insurer = await f.org('insurer');
    const who = { userId: `user-${insurer}`, organizationId: insurer, role: 'insurer' };
    const headers = tokens.bearer({ ...who, secondFactorMissing: true });

    const response = await f.http.inject({ url: '/api/cart', headers });

    expect(response.statusCode).toBe(403);
    expect(response.json().code).toBe('AUTH_SECOND_FACTOR_REQUIRED');
  });
});
