import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTrading, type TradingFixture } from './testing/trading-fixture.ts';

let f: TradingFixture;
beforeAll(async () => {
  f = await startTrading('trading_openapi');
});
afterAll(async () => {
  await f?.stop();
});

type Operation = {
  responses: Record<string, unknown>;
  parameters?: { in: string; name: string; required?: boolean }[];
};

it('documents the success answers and the Idempotency-Key header a client needs', async () => {
  const doc = (await f.http.inject({ url: '/openapi.json' })).json() as {
    paths: Record<string, Record<string, Operation>>;
  };
  const op = (path: string, method: string) => doc.paths[path]?.[method] as Operation;
  const header = (o: Operation) => o.parameters?.find((p) => p.in === 'header');

  for (const path of ['initiate', 'complete', 'cancel', 'refund']) {
    const post = op(`/api/purchase/${path}`, 'post');
    expect(Object.keys(post.responses)).toContain('200');
    expect(header(post)).toMatchObject({ name: 'idempotency-key', required: true });
  }
  const quote = op('/api/purchase/quote', 'post');
  expect(Object.keys(quote.responses)).toContain('201');
  expect(header(quote)).toMatchObject({ name: 'idempotency-key', required: true });
  expect(header(op('/api/cart/items', 'post'))).toMatchObject({ name: 'idempotency-key' });
  for (const [path, method] of [
    ['/api/transactions', 'get'],
    ['/api/transactions/{id}', 'get'],
    ['/api/cart', 'get'],
    ['/api/cart/items', 'post'],
  ] as const) {
    expect(Object.keys(op(path, method).responses)).toContain('200');
  }
});
