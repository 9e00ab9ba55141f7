import { parseMessage, watchTopic } from '@hcts/bus';
import { eventsByType } from '@hcts/contracts';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  as,
  eventually,
  newKey,
  newOrg,
  service,
  startTrading,
  type TradingFixture,
} from './testing/trading-fixture.ts';

let f: TradingFixture;
beforeAll(async () => {
  f = await startTrading('trading_correlation');
});
afterAll(async () => {
  await f?.stop();
});

it('publishes an envelope consumers accept whatever x-correlation-id the caller sent', async () => {
  const watch = await watchTopic(f.kafka, f.topics.trading);
  const kinds = () => watch.records.map((r) => parseMessage(r.headers, r.value, eventsByType).kind);
  try {
    const insurer = await f.org('insurer');
    const svc = service(newOrg('provider'), 100);
    await f.replica.putService(svc);
    const long = { 'x-correlation-id': 'c'.repeat(300) };

    const quote = await f.http.inject({
      method: 'POST',
      url: '/api/purchase/quote',
      headers: { ...as('insurer', insurer, newKey()), ...long },
      payload: { items: [{ serviceId: svc.serviceId, quantity: 1 }] },
    });
    const initiated = await f.http.inject({
      method: 'POST',
      url: '/api/purchase/initiate',
      headers: { ...as('insurer', insurer, newKey()), ...long },
      payload: { transactionId: quote.json().transactionId },
    });

    expect(initiated.statusCode).toBe(200);
    await eventually(async () => (kinds().length > 0 ? true : undefined));
    expect(kinds()).toEqual(['ok']);
  } finally {
    await watch.stop();
  }
});
