import { PaymentAuthorized } from '@hcts/contracts';
import pg from 'pg';
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  as,
  newKey,
  newOrg,
  priceList,
  service,
  startTrading,
  type TradingFixture,
} from './testing/trading-fixture.ts';

// Every statement any pg client of this process sends, with the step running at the time. The
// relay's statements are told apart by their text, the payments consumer's by the inbox insert
// in their database transaction (it runs while the waiting read waits).
interface Sent {
  step: string;
  text: string;
}
let current = 'setup';
const sent: Sent[] = [];
const inTransaction = new WeakMap<object, Sent[]>();
const query = pg.Client.prototype.query;
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  const [config] = args as [string | { text?: string }];
  const text = typeof config === 'string' ? config : (config?.text ?? '');
  const entry = { step: /pg_snapshot_xmin|es_checkpoints/.test(text) ? 'relay' : current, text };
  sent.push(entry);
  follow(this, entry);
  return (query as (...a: unknown[]) => unknown).apply(this, args);
} as typeof query;

function follow(client: object, entry: Sent): void {
  if (/^\s*begin/i.test(entry.text)) return void inTransaction.set(client, [entry]);
  const statements = inTransaction.get(client);
  if (!statements) return;
  statements.push(entry);
  if (!/^\s*(commit|rollback)/i.test(entry.text)) return;
  inTransaction.delete(client);
  if (statements.some((s) => s.text.includes('bus_inbox'))) {
    for (const s of statements) s.step = 'authorize';
  }
}

/**
 * Statements per command of one purchase: a regression adds round trips to every purchase.
 * The waiting read is left out: it reads again after each change and at least once a second,
 * so its count follows how long the authorization takes.
 */
const budgets: Readonly<Record<string, number>> = Object.freeze({
  quote: 2,
  initiate: 3,
  authorize: 5,
  complete: 2,
});

describe('database statements of one purchase, per step', () => {
  let f: TradingFixture;
  beforeAll(async () => {
    f = await startTrading('trading_statements');
  });
  afterAll(async () => {
    await f?.stop();
  });

  it('quotes, initiates, is authorized and completes within its statement budgets', async () => {
    const { insurer, serviceId } = await market();
    const post = (name: string, path: string, payload: object) =>
      during(name, () =>
        f.http.inject({
          method: 'POST',
          url: path,
          headers: as('insurer', insurer, newKey()),
          payload,
        }),
      );
    const from = sent.length;

    const quoted = await post('quote', '/api/purchase/quote', {
      items: [{ serviceId, quantity: 2 }],
    });
    const { transactionId } = quoted.json();
    const { totalMinor } = quoted.json().quote;
    expect((await post('initiate', '/api/purchase/initiate', { transactionId })).statusCode).toBe(
      200,
    );
    const waiting = during('wait', () =>
      f.http.inject({
        url: `/api/transactions/${transactionId}?waitFor=authorized,failed&timeoutMs=5000`,
        headers: as('insurer', insurer),
      }),
    );
    await f.publish(f.topics.payments, PaymentAuthorized, {
      paymentIntentId: uuidv7(),
      transactionId,
      gateway: 'sandbox',
      amountMinor: totalMinor,
      currency: 'EUR',
      authorizedAt: new Date().toISOString(),
    });
    expect((await waiting).json().status).toBe('authorized');
    expect((await post('complete', '/api/purchase/complete', { transactionId })).statusCode).toBe(
      200,
    );

    current = 'after';
    const counts = countsBySteps(sent.slice(from));
    if (process.env.TRADING_PRINT_STATEMENTS) print(sent.slice(from));
    for (const [name, budget] of Object.entries(budgets)) {
      expect({ name, sent: counts.get(name) }).toEqual({ name, sent: budget });
    }
  });

  async function market() {
    const insurer = await f.org('insurer');
    const provider = newOrg('provider');
    const svc = service(provider);
    await f.replica.putService(svc);
    await f.replica.putPriceList(priceList(provider, svc.serviceId));
    return { insurer, serviceId: svc.serviceId };
  }
});

/** Labels what is sent from now on; the label stays until the next step (the wait runs on). */
function during<T>(name: string, run: () => Promise<T>): Promise<T> {
  current = name;
  return run();
}

function countsBySteps(statements: readonly Sent[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const s of statements) counts.set(s.step, (counts.get(s.step) ?? 0) + 1);
  return counts;
}

function print(statements: readonly Sent[]): void {
  for (const s of statements) {
    const line = s.text.replace(/\s+/g, ' ').trim().slice(0, 150);
    process.stdout.write(`${s.step.padEnd(9)} ${line}\n`);
  }
}
