import { uuidv7 } from 'uuidv7';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  standardWebhookKey,
  standardWebhookSignature,
} from './adapters/gateways/standard-webhooks.ts';
import {
  balanceOf,
  cancel,
  capture,
  gatewayEventCount,
  reaches,
  refund,
  startPayment,
} from './testing/payment-steps.ts';
import {
  entryKinds,
  intentStatus,
  ledgerIsBalanced,
  newSecret,
  type PaymentsFixture,
  publishedTypes,
  startPaymentsFixture,
} from './testing/payments-fixture.ts';

describe('payments with the sandbox gateway and its webhooks', () => {
  let f: PaymentsFixture;

  beforeAll(async () => {
    f = await startPaymentsFixture('payments_webhooks');
  });
  afterEach(async () => {
    await f.sandbox.idle();
    f.sandbox.behave({ decline: false, duplicates: 0, reorder: false, unavailable: false });
    expect(await ledgerIsBalanced(f)).toBe(true);
  });
  afterAll(async () => {
    await f?.stop();
  });

  it('authorizes by webhook, captures and settles the frozen split', async () => {
    const p = await startPayment(f);
    await reaches(f, p.transactionId, 'authorized');
    expect(await entryKinds(f, p.transactionId)).toEqual(['pending']);

    await capture(f, p.transactionId);
    expect((await intentStatus(f, p.transactionId))?.status).toBe('captured');
    expect(await entryKinds(f, p.transactionId)).toEqual(['pending', 'post_pending', 'posted']);
    expect(await publishedTypes(f, p.transactionId, 3)).toEqual([
      'payment-authorized',
      'payment-captured',
      'commission-settled',
    ]);
    expect(await balanceOf(f, p.providerOrganizationId, 'provider_payable')).toMatchObject({
      postedMinor: -9_500,
    });
    expect(
      await balanceOf(f, p.intermediaryOrganizationId, 'intermediary_commission_payable'),
    ).toMatchObject({ postedMinor: -200 });
    expect(await balanceOf(f, p.buyerOrganizationId, 'buyer_funds')).toMatchObject({
      postedMinor: 0,
      pendingMinor: 0,
    });
  });

  it('applies duplicated webhooks once', async () => {
    f.sandbox.behave({ duplicates: 3 });
    const p = await startPayment(f);
    await reaches(f, p.transactionId, 'authorized');
    await capture(f, p.transactionId);
    await capture(f, p.transactionId);
    await f.sandbox.idle();

    const delivered = f.sandbox.deliveries().filter((d) => d.status === 200);
    expect(delivered.length).toBeGreaterThanOrEqual(8);
    expect(await entryKinds(f, p.transactionId)).toEqual(['pending', 'post_pending', 'posted']);
    expect(await publishedTypes(f, p.transactionId, 3)).toEqual([
      'payment-authorized',
      'payment-captured',
      'commission-settled',
    ]);
  });

  it('gives one capture when events arrive reordered and late', async () => {
    f.sandbox.behave({ reorder: true });
    const p = await startPayment(f);
    const intent = await reaches(f, p.transactionId, 'processing');
    await f.sandbox.idle();
    const atGateway = f.sandbox.payments().find((x) => x.reference === intent.id)!;
    expect(atGateway.status).toBe('authorized');
    await fetch(`${f.sandbox.url}/v1/payments/${atGateway.id}/capture`, {
      method: 'POST',
      body: '{}',
    });
    await f.sandbox.idle();
    const before = f.sandbox.deliveries().length;

    await f.sandbox.flush();
    await f.sandbox.idle();
    const order = f.sandbox
      .deliveries()
      .slice(before)
      .map((d) => d.type);
    expect(order).toEqual(['payment.captured', 'payment.authorized']);
    expect((await intentStatus(f, p.transactionId))?.status).toBe('captured');
    expect(await entryKinds(f, p.transactionId)).toEqual(['pending', 'post_pending', 'posted']);
    await capture(f, p.transactionId);
    expect(await publishedTypes(f, p.transactionId, 3)).toEqual([
      'payment-authorized',
      'payment-captured',
      'commission-settled',
    ]);
  });

  it('leaves the ledger untouched when the sandbox declines', async () => {
    f.sandbox.behave({ decline: true });
    const p = await startPayment(f);
    await reaches(f, p.transactionId, 'failed');
    expect(await entryKinds(f, p.transactionId)).toEqual([]);
    expect(await publishedTypes(f, p.transactionId, 1)).toEqual(['payment-failed']);
    await expect(capture(f, p.transactionId)).resolves.toBeUndefined();
    expect(await entryKinds(f, p.transactionId)).toEqual([]);
  });

  it('fails over to the next gateway before money moves, and captures once', async () => {
    f.sandbox.behave({ unavailable: true });
    const p = await startPayment(f);
    const intent = await reaches(f, p.transactionId, 'authorized');
    expect(intent.gateway).toBe('sandbox-b');
    await capture(f, p.transactionId);
    await f.sandboxB.idle();

    expect(f.sandbox.payments().some((x) => x.reference === intent.id)).toBe(false);
    const atB = f.sandboxB.payments().filter((x) => x.reference === intent.id);
    expect(atB).toMatchObject([{ status: 'captured', amount_captured: 10_000 }]);
    expect(await entryKinds(f, p.transactionId)).toEqual(['pending', 'post_pending', 'posted']);
  });

  it('refunds proportionally until fully refunded, and voids a cancelled hold', async () => {
    const p = await startPayment(f);
    await reaches(f, p.transactionId, 'authorized');
    await capture(f, p.transactionId);
    await refund(f, p.transactionId, uuidv7(), 3_333);
    expect((await intentStatus(f, p.transactionId))?.status).toBe('partially_refunded');
    const rest = uuidv7();
    await refund(f, p.transactionId, rest, 6_667);
    await refund(f, p.transactionId, rest, 6_667);
    expect((await intentStatus(f, p.transactionId))?.status).toBe('refunded');
    for (const [owner, kind] of [
      [p.providerOrganizationId, 'provider_payable'],
      [p.intermediaryOrganizationId, 'intermediary_commission_payable'],
    ] as const) {
      expect(await balanceOf(f, owner, kind)).toMatchObject({ postedMinor: 0 });
    }
    await expect(refund(f, p.transactionId, uuidv7(), 1)).rejects.toThrow(/exceeds/);

    const c = await startPayment(f);
    await reaches(f, c.transactionId, 'authorized');
    await cancel(f, c.transactionId);
    expect(await entryKinds(f, c.transactionId)).toEqual(['pending', 'void_pending']);
    expect(await balanceOf(f, c.buyerOrganizationId, 'buyer_funds')).toMatchObject({
      pendingMinor: 0,
      postedMinor: 0,
    });
  });

  it('rejects a tampered body, stale or future timestamps and a wrong secret, writing nothing', async () => {
    const p = await startPayment(f);
    const intent = await reaches(f, p.transactionId, 'authorized');
    const payment = f.sandbox.payments().find((x) => x.reference === intent.id)!;
    const body = JSON.stringify({
      id: `evt_${uuidv7()}`,
      type: 'payment.authorized',
      created: 0,
      data: { payment },
    });
    const now = Math.floor(Date.now() / 1000);
    const post = (raw: string, at: number, secret = f.secret) =>
      fetch(`${f.url}/api/payments/webhook/sandbox`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'webhook-id': 'msg_test',
          'webhook-timestamp': String(at),
          'webhook-signature': standardWebhookSignature(
            standardWebhookKey(secret),
            'msg_test',
            at,
            Buffer.from(body),
          ),
        },
        body: raw,
      });
    const before = await gatewayEventCount(f);

    const attempts = [
      post(body.replace('"amount":10000', '"amount":10001'), now),
      post(`${body} `, now),
      post(body, now - 400),
      post(body, now + 400),
      post(body, now, newSecret()),
    ];
    for (const response of await Promise.all(attempts)) {
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toMatch(/problem\+json/);
      expect(await response.json()).toMatchObject({ code: 'PAYMENTS_WEBHOOK_REJECTED' });
    }
    expect(await gatewayEventCount(f)).toBe(before);

    expect((await post(body, now)).status).toBe(200);
    expect(await gatewayEventCount(f)).toBe(before + 1);
    expect((await post(body, now)).status).toBe(200);
    expect(await gatewayEventCount(f)).toBe(before + 1);
  });

  it('names the reason of a rejection: a bad signature, or a signed body of the wrong shape', async () => {
    const at = Math.floor(Date.now() / 1000);
    const unsignedPost = (body: string) =>
      fetch(`${f.url}/api/payments/webhook/sandbox`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'webhook-id': `msg_${uuidv7()}`,
          'webhook-timestamp': String(at),
          'webhook-signature': 'placeholder',
        },
        body,
      }).then(async (r) => ({ status: r.status, problem: (await r.json()) as { detail: string } }));
    const signedPost = (body: string, secret = f.secret) => {
      const id = `msg_${uuidv7()}`;
      const signature = standardWebhookSignature(
        standardWebhookKey(secret),
        id,
        at,
        Buffer.from(body),
      );
      return fetch(`${f.url}/api/payments/webhook/sandbox`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'webhook-id': id,
          'webhook-timestamp': String(at),
          'webhook-signature': signature,
        },
        body,
      }).then(async (r) => ({ status: r.status, problem: (await r.json()) as { detail: string } }));
    };
    const before = await gatewayEventCount(f);

    const shape = await signedPost(JSON.stringify({ unexpected: true }));
    const notJson = await signedPost('not json');
    const badKey = await signedPost(JSON.stringify({ unexpected: true }), newSecret());
    const unsigned = await unsignedPost('{}');

    expect(shape.status).toBe(400);
    expect(shape.problem.detail).toMatch(/signature valid, unexpected event shape/);
    expect(notJson.problem.detail).toMatch(/signature valid, body is not JSON/);
    for (const refused of [badKey, unsigned]) {
      expect(refused.status).toBe(400);
      expect(refused.problem.detail).toMatch(/signature verification failed/);
      expect(JSON.stringify(refused.problem)).not.toContain(f.secret.slice(6, 20));
    }
    expect(await gatewayEventCount(f)).toBe(before);
  });

  it('answers 404 for a gateway it does not know', async () => {
    const response = await fetch(`${f.url}/api/payments/webhook/nope`, {
      method: 'POST',
      body: '{}',
    });
    expect(response.status).toBe(404);
  });
});
