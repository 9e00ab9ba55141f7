import { PaymentAuthorized } from '@hcts/contracts';
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChangeFeed } from './adapters/postgres/postgres-transaction-changes.ts';
import { recordPayment } from './app/record-payment.ts';
import {
  as,
  newKey,
  newOrg,
  service,
  startTrading,
  type TradingFixture,
} from './testing/trading-fixture.ts';

describe('reading a transaction while waiting for a status (bounded long poll)', () => {
  let f: TradingFixture;

  beforeAll(async () => {
    f = await startTrading('trading_wait');
  });
  afterAll(async () => {
    await f?.stop();
  });

  async function initiated() {
    const insurer = await f.org('insurer');
    const svc = service(newOrg('provider'), 5_000);
    await f.replica.putService(svc);
    const payload = { items: [{ serviceId: svc.serviceId, quantity: 1 }] };
    const quoted = await f.http.inject({
      method: 'POST',
      url: '/api/purchase/quote',
      headers: as('insurer', insurer, newKey()),
      payload,
    });
    const transactionId = quoted.json().transactionId as string;
    const started = await f.http.inject({
      method: 'POST',
      url: '/api/purchase/initiate',
      headers: as('insurer', insurer, newKey()),
      payload: { transactionId },
    });
    expect(started.statusCode).toBe(200);
    return { insurer, transactionId };
  }

  const read = (insurer: string, transactionId: string, query: string) =>
    f.http.inject({
      url: `/api/transactions/${transactionId}?${query}`,
      headers: as('insurer', insurer),
    });

  it('answers once payments authorized the transaction, not at the end of the wait', async () => {
    const { insurer, transactionId } = await initiated();

    const waiting = read(insurer, transactionId, 'waitFor=authorized,failed&timeoutMs=5000');
    await f.publish(f.topics.payments, PaymentAuthorized, {
      paymentIntentId: uuidv7(),
      transactionId,
      gateway: 'sandbox',
      amountMinor: 5_000,
      currency: 'EUR',
      authorizedAt: new Date().toISOString(),
    });
    const answer = await waiting;

    expect(answer.statusCode).toBe(200);
    expect(answer.json()).toMatchObject({ transactionId, status: 'authorized' });
  });

  it('answers with the state as it is when the wait is over', async () => {
    const { insurer, transactionId } = await initiated();

    const answer = await read(insurer, transactionId, 'waitFor=completed&timeoutMs=0');

    expect(answer.statusCode).toBe(200);
    expect(answer.json()).toMatchObject({ transactionId, status: 'initiated', version: 2 });
  });

  it('answers at once when the status is already one waited for', async () => {
    const { insurer, transactionId } = await initiated();

    const answer = await read(insurer, transactionId, 'waitFor=initiated&timeoutMs=5000');

    expect(answer.json()).toMatchObject({ status: 'initiated' });
  });

  it('refuses unknown statuses and waits beyond the cap with 400', async () => {
    const { insurer, transactionId } = await initiated();

    const unknown = await read(insurer, transactionId, 'waitFor=authorized,paid');
    const tooLong = await read(insurer, transactionId, 'waitFor=authorized&timeoutMs=5001');

    expect(unknown.statusCode).toBe(400);
    expect(tooLong.statusCode).toBe(400);
  });

  it('lets no stranger wait: another organization gets 404 at once', async () => {
    const { transactionId } = await initiated();

    const answer = await read(await f.org('insurer'), transactionId, 'waitFor=authorized');

    expect(answer.statusCode).toBe(404);
  });

  const declined = (transactionId: string) =>
    recordPayment(f.trading.app.repo.unit, {
      eventId: uuidv7(),
      transactionId,
      correlationId: uuidv7(),
      actor: { userId: null, organizationId: null, role: 'system' },
      at: new Date().toISOString(),
      news: { kind: 'failed', code: 'declined', reason: 'test' },
    });

  it('ends a watch when the list row changes and commits, in whichever process', async () => {
    const { transactionId } = await initiated();
    const feed = await startChangeFeed({ url: f.databaseUrl, log: f.trading.app.log });
    // A wait far beyond the test's timeout: only the notification can end it in time.
    const watch = feed.watch(transactionId, 600_000);

    await declined(transactionId);
    await watch?.changedAfter(2);

    expect(watch).toBeDefined();
    await feed.close();
  });

  it('keeps waiting past a change the read already saw', async () => {
    const { transactionId } = await initiated();
    const feed = await startChangeFeed({ url: f.databaseUrl, log: f.trading.app.log });
    const reader = feed.watch(transactionId, 600_000);
    const witness = feed.watch(transactionId, 600_000);

    await declined(transactionId);
    // Both watches hear version 3 together: once the witness has, the reader has too.
    await witness?.changedAfter(2);
    const early = await Promise.race([
      reader?.changedAfter(3).then(() => 'ended'),
      new Promise((resolve) => setImmediate(() => resolve('waiting'))),
    ]);

    expect(early).toBe('waiting');
    await feed.close();
  });
});
