import { type KafkaClient, readTopic } from '@hcts/bus';
import {
  PaymentAuthorized,
  PaymentFailed,
  PaymentRefunded,
  PriceListChanged,
  ServicePublished,
  TransactionCompleted,
  TransactionInitiated,
} from '@hcts/contracts';
import { sql } from 'kysely';
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { transactionView } from './adapters/http/transaction-view.ts';
import { streamOf, toDomain } from './app/stream-events.ts';
import type { KnownTransaction } from './domain/state.ts';
import { fold } from './domain/state.ts';
import {
  as,
  eventually,
  newKey,
  newOrg,
  priceList,
  service,
  startTrading,
  type TradingFixture,
} from './testing/trading-fixture.ts';

describe('a purchase through the API, with catalog and payment events over Kafka', () => {
  let f: TradingFixture;

  beforeAll(async () => {
    f = await startTrading('trading_flow');
  });
  afterAll(async () => {
    await f?.stop();
  });

  it('quotes from the cart, initiates, is authorized by payments, completes and refunds', async () => {
    const insurer = await f.org('insurer');
    const provider = newOrg('provider');
    const svc = service(provider);
    const list = priceList(provider, svc.serviceId);

    // Catalog data arrives only as catalog events.
    await f.publish(f.topics.catalog, ServicePublished, svc);
    await f.publish(f.topics.catalog, PriceListChanged, list);
    await eventually(async () => {
      const lists = await f.trading.app.replica.priceListsOf(provider);
      return lists.length === 1 ? lists : undefined;
    });

    const add = await f.http.inject({
      method: 'POST',
      url: '/api/cart/items',
      headers: as('insurer', insurer),
      payload: { serviceId: svc.serviceId, quantity: 3 },
    });
    expect(add.statusCode).toBe(200);

    const quoted = await f.http.inject({
      method: 'POST',
      url: '/api/purchase/quote',
      headers: as('insurer', insurer, newKey()),
      payload: {},
    });
    expect(quoted.statusCode).toBe(201);
    const tx = quoted.json();
    // 8,000 from the list, 10 % off by its rule: 7,200 a unit, three units.
    expect(tx.quote).toMatchObject({
      subtotalMinor: 21_600,
      platformFeeMinor: 540,
      totalMinor: 21_600,
    });
    expect(tx.quote.lines[0].appliedRules).toEqual([{ ruleId: list.rules[0]!.ruleId, version: 3 }]);

    const post = (path: string, payload: object) =>
      f.http.inject({
        method: 'POST',
        url: path,
        headers: as('insurer', insurer, newKey()),
        payload,
      });
    expect(
      (await post('/api/purchase/initiate', { transactionId: tx.transactionId })).statusCode,
    ).toBe(200);
    const early = await post('/api/purchase/complete', { transactionId: tx.transactionId });
    expect(early.statusCode).toBe(422);
    expect(early.json().code).toBe('TRADING_PAYMENT_NOT_AUTHORIZED');

    // Payments authorizes; the process manager moves the transaction on.
    const authorized = {
      paymentIntentId: uuidv7(),
      transactionId: tx.transactionId,
      gateway: 'sandbox',
      amountMinor: 21_600,
      currency: 'EUR',
      authorizedAt: new Date().toISOString(),
    };
    await f.publish(f.topics.payments, PaymentAuthorized, authorized);
    await f.publish(f.topics.payments, PaymentAuthorized, authorized);
    await eventually(async () => {
      const r = await f.http.inject({
        url: `/api/transactions/${tx.transactionId}`,
        headers: as('insurer', insurer),
      });
      return r.json().status === 'authorized' ? true : undefined;
    });

    expect(
      (await post('/api/purchase/complete', { transactionId: tx.transactionId })).statusCode,
    ).toBe(200);
    const refund = await post('/api/purchase/refund', {
      transactionId: tx.transactionId,
      amountMinor: 600,
      reason: 'one scan short',
    });
    expect(refund.json()).toMatchObject({
      status: 'refunded',
      refundedMinor: 600,
      fullyRefunded: false,
    });
    const tooMuch = await post('/api/purchase/refund', {
      transactionId: tx.transactionId,
      amountMinor: 21_001,
      reason: 'x',
    });
    expect(tooMuch.json().code).toBe('TRADING_REFUND_EXCEEDS_CAPTURE');

    // The API reports what the stream rebuilds to, and the history lists every event.
    const detail = (
      await f.http.inject({
        url: `/api/transactions/${tx.transactionId}`,
        headers: as('insurer', insurer),
      })
    ).json();
    const stored = await f.trading.app.repo.events.readStream(streamOf(tx.transactionId));
    const rebuilt = fold(stored.map(toDomain)) as KnownTransaction;
    const { history, ...reported } = detail;
    expect(reported).toEqual(JSON.parse(JSON.stringify(transactionView(rebuilt, stored.length))));
    expect(history.map((h: { type: string }) => h.type)).toEqual(stored.map((e) => e.type));
    expect(history).toHaveLength(5);

    // The relay published the integration events, keyed by transaction id, once each.
    const published = await publishedOn(f.kafka, f.topics.trading, 4);
    expect(published.map((m) => m.type)).toEqual([
      TransactionInitiated.type,
      'hcts.trading.transaction-authorized.v1',
      TransactionCompleted.type,
      'hcts.trading.transaction-refunded.v1',
    ]);
    expect(new Set(published.map((m) => m.key))).toEqual(new Set([tx.transactionId]));
    expect(published.map((m) => m.id)).toEqual(stored.slice(1).map((e) => e.id));
  });
});

describe('the payment process manager over Kafka', () => {
  let f: TradingFixture;

  beforeAll(async () => {
    f = await startTrading('trading_payments');
  });
  afterAll(async () => {
    await f?.stop();
  });

  async function initiated() {
    const insurer = await f.org('insurer');
    const svc = service(newOrg('provider'), 5_000);
    await f.replica.putService(svc);
    const headers = () => as('insurer', insurer, newKey());
    const payload = { items: [{ serviceId: svc.serviceId, quantity: 1 }] };
    const tx = (
      await f.http.inject({
        method: 'POST',
        url: '/api/purchase/quote',
        headers: headers(),
        payload,
      })
    ).json();
    await f.http.inject({
      method: 'POST',
      url: '/api/purchase/initiate',
      headers: headers(),
      payload: { transactionId: tx.transactionId },
    });
    const status = async () =>
      (
        await f.http.inject({
          url: `/api/transactions/${tx.transactionId}`,
          headers: as('insurer', insurer),
        })
      ).json();
    return { insurer, transactionId: tx.transactionId as string, headers, status };
  }

  const ref = (transactionId: string) => ({
    paymentIntentId: uuidv7(),
    transactionId,
    gateway: 'sandbox',
    amountMinor: 5_000,
    currency: 'EUR',
  });
  const handled = (eventId: string) =>
    eventually(async () => {
      const { rows } = await sql`select 1 from bus_inbox where event_id = ${eventId}`.execute(
        f.trading.db,
      );
      return rows.length > 0 ? true : undefined;
    });

  it('fails the transaction on a declined payment and ignores a late authorization', async () => {
    const t = await initiated();

    await f.publish(f.topics.payments, PaymentFailed, {
      ...ref(t.transactionId),
      code: 'card_declined',
      reason: 'declined',
      failedAt: new Date().toISOString(),
    });
    await eventually(async () => ((await t.status()).status === 'failed' ? true : undefined));
    const late = await f.publish(f.topics.payments, PaymentAuthorized, {
      ...ref(t.transactionId),
      authorizedAt: new Date().toISOString(),
    });
    await handled(late);

    expect(await t.status()).toMatchObject({
      status: 'failed',
      failure: { code: 'card_declined' },
      version: 3,
    });
  });

  it('records a refund made at the payment provider, once', async () => {
    const t = await initiated();
    await f.publish(f.topics.payments, PaymentAuthorized, {
      ...ref(t.transactionId),
      authorizedAt: new Date().toISOString(),
    });
    await eventually(async () => ((await t.status()).status === 'authorized' ? true : undefined));
    await f.http.inject({
      method: 'POST',
      url: '/api/purchase/complete',
      headers: t.headers(),
      payload: { transactionId: t.transactionId },
    });

    const refund = {
      ...ref(t.transactionId),
      refundId: uuidv7(),
      amountMinor: 5_000,
      refundedTotalMinor: 5_000,
      refundedAt: new Date().toISOString(),
    };
    await f.publish(f.topics.payments, PaymentRefunded, refund);
    const again = await f.publish(f.topics.payments, PaymentRefunded, refund);
    await handled(again);

    const detail = await t.status();
    expect(detail).toMatchObject({ status: 'refunded', refundedMinor: 5_000, fullyRefunded: true });
    expect(
      detail.history.filter((h: { type: string }) => h.type.includes('refunded')),
    ).toHaveLength(1);
  });
});

/** The first `count` records of a topic: key, event type and id. */
async function publishedOn(kafka: KafkaClient, topic: string, count: number) {
  const records = await readTopic(kafka, topic, count);
  return records.map((r) => ({
    key: String(r.key),
    type: String(r.headers.ce_type),
    id: String(r.headers.ce_id),
  }));
}
