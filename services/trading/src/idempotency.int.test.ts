import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  as,
  newKey,
  newOrg,
  service,
  startTrading,
  type TradingFixture,
} from './testing/trading-fixture.ts';

describe('Idempotency-Key under concurrent copies', () => {
  let f: TradingFixture;
  beforeAll(async () => {
    f = await startTrading('trading_idempotency');
  });
  afterAll(async () => {
    await f?.stop();
  });

  const post = (url: string, headers: Record<string, string>, payload: object) =>
    f.http.inject({ method: 'POST', url, headers, payload });

  async function published(): Promise<string> {
    const svc = service(newOrg('provider'), 1_000);
    await f.replica.putService(svc);
    return svc.serviceId;
  }

  async function listed(insurer: string) {
    const list = await f.http.inject({ url: '/api/transactions', headers: as('insurer', insurer) });
    return list.json().items as unknown[];
  }

  it('opens one transaction for 10 concurrent copies of a quote with one key', async () => {
    const insurer = await f.org('insurer');
    const serviceId = await published();
    const headers = as('insurer', insurer, newKey());

    const responses = await Promise.all(
      Array.from({ length: 10 }, () =>
        post('/api/purchase/quote', headers, { items: [{ serviceId, quantity: 1 }] }),
      ),
    );

    expect(new Set(responses.map((r) => r.statusCode))).toEqual(new Set([201]));
    expect(new Set(responses.map((r) => r.json().transactionId)).size).toBe(1);
    expect(responses.filter((r) => r.headers['idempotent-replayed'] === 'true')).toHaveLength(9);
    expect(await listed(insurer)).toHaveLength(1);
  });

  it('answers 409 to concurrent quotes sharing a key with other bodies, applying only one', async () => {
    const insurer = await f.org('insurer');
    const serviceId = await published();
    const headers = as('insurer', insurer, newKey());

    const responses = await Promise.all(
      [1, 2, 3, 4].map((quantity) =>
        post('/api/purchase/quote', headers, { items: [{ serviceId, quantity }] }),
      ),
    );

    expect(responses.map((r) => r.statusCode).sort()).toEqual([201, 409, 409, 409]);
    expect(await listed(insurer)).toHaveLength(1);
  });

  it('replays the first response to concurrent copies that name the expected version', async () => {
    const insurer = await f.org('insurer');
    const serviceId = await published();
    const quoted = await post('/api/purchase/quote', as('insurer', insurer, newKey()), {
      items: [{ serviceId, quantity: 1 }],
    });
    const { transactionId } = quoted.json();
    const headers = as('insurer', insurer, newKey());

    // Every copy decides at version 1; the losers' appends conflict, and the key's response
    // (kept with the winner's event) is their answer, not the conflict.
    const responses = await Promise.all(
      Array.from({ length: 10 }, () =>
        post('/api/purchase/cancel', headers, {
          transactionId,
          expectedVersion: 1,
          reason: 'changed our mind',
        }),
      ),
    );

    expect(new Set(responses.map((r) => r.statusCode))).toEqual(new Set([200]));
    expect(new Set(responses.map((r) => r.body)).size).toBe(1);
    expect(responses.filter((r) => r.headers['idempotent-replayed'] === 'true')).toHaveLength(9);
    const stream = await f.trading.app.repo.events.readStream(`transaction-${transactionId}`);
    expect(stream.map((e) => e.version)).toEqual([1, 2]);
  });

  it('adds to the cart once for 5 concurrent copies of one add with one key', async () => {
    const insurer = await f.org('insurer');
    const serviceId = await published();
    const headers = as('insurer', insurer, newKey());

    await Promise.all(
      Array.from({ length: 5 }, () => post('/api/cart/items', headers, { serviceId, quantity: 1 })),
    );

    const cart = await f.http.inject({ url: '/api/cart', headers: as('insurer', insurer) });
    expect(cart.json().items[0].quantity).toBe(1);
  });

  it('releases the key of a call that failed, so that a retry with it runs', async () => {
    const insurer = await f.org('insurer');
    const serviceId = await published();
    const headers = as('insurer', insurer, newKey());
    const unknown = { items: [{ serviceId: '0190a000-0000-7000-8000-000000000000', quantity: 1 }] };
    const refused = await post('/api/purchase/quote', headers, unknown);
    expect(refused.statusCode).toBe(422);

    const other = await post('/api/purchase/quote', headers, {
      items: [{ serviceId, quantity: 1 }],
    });

    expect(other.statusCode).toBe(201);
  });
});
