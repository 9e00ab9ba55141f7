import { randomBytes } from 'node:crypto';
import { uuidv7 } from 'uuidv7';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createStripeGateway } from './adapters/gateways/stripe-gateway.ts';
import { stripeSignature } from './adapters/gateways/stripe-signature.ts';
import { startFakeStripe } from './testing/fake-stripe.ts';
import {
  capture,
  gatewayEventCount,
  reaches,
  refund,
  startPayment,
} from './testing/payment-steps.ts';
import {
  aQuote,
  entryKinds,
  intentStatus,
  ledgerIsBalanced,
  type PaymentsFixture,
  parties,
  startPaymentsFixture,
} from './testing/payments-fixture.ts';

describe('payments through the Stripe-compatible adapter', () => {
  const secretKey = `sk_test_${randomBytes(8).toString('hex')}`;
  const webhookSecret = `whsec_${randomBytes(16).toString('hex')}`;
  let stripe: Awaited<ReturnType<typeof startFakeStripe>>;
  let f: PaymentsFixture;

  beforeAll(async () => {
    stripe = await startFakeStripe(secretKey);
    const gateway = createStripeGateway({
      apiBaseUrl: stripe.url,
      secretKey,
      paymentMethod: 'pm_card_visa',
      webhookSecrets: [webhookSecret],
    });
    f = await startPaymentsFixture('payments_stripe', {
      gateways: [gateway],
      env: { STRIPE_SECRET_KEY: secretKey, STRIPE_WEBHOOK_SECRETS: webhookSecret },
    });
  });
  afterEach(async () => {
    expect(await ledgerIsBalanced(f)).toBe(true);
  });
  afterAll(async () => {
    await f?.stop();
    await stripe?.close();
  });

  async function stripePayment() {
    const p = parties();
    await f.payments.app.store.unit((unit) => unit.setRouting(p.buyerOrganizationId, ['stripe']));
    await startPayment(f, aQuote(), p);
    const intent = await reaches(f, p.transactionId, 'authorized');
    return { p, intent };
  }

  it('authorizes with manual capture, captures and refunds with our ids as metadata', async () => {
    const { p, intent } = await stripePayment();
    expect(intent.gateway).toBe('stripe');
    const atStripe = [...stripe.intents.values()].find(
      (i) => i.metadata.hcts_payment_intent_id === intent.id,
    );
    expect(atStripe).toMatchObject({ amount: 10_000, currency: 'eur', status: 'requires_capture' });

    await capture(f, p.transactionId);
    expect(atStripe).toMatchObject({ status: 'succeeded', amount_received: 10_000 });
    await refund(f, p.transactionId, uuidv7(), 1_000);
    expect((await intentStatus(f, p.transactionId))?.status).toBe('partially_refunded');
    expect(await entryKinds(f, p.transactionId)).toEqual([
      'pending',
      'post_pending',
      'posted',
      'posted',
    ]);
  });

  it('takes Stripe-signed webhooks on the raw body, once, and rejects bad ones', async () => {
    const { p, intent } = await stripePayment();
    const pi = [...stripe.intents.values()].find(
      (i) => i.metadata.hcts_payment_intent_id === intent.id,
    )!;
    const body = JSON.stringify({
      id: `evt_${randomBytes(8).toString('hex')}`,
      object: 'event',
      type: 'charge.succeeded',
      data: { object: { ...pi.charge, metadata: { hcts_payment_intent_id: intent.id } } },
    });
    const now = Math.floor(Date.now() / 1000);
    const post = (raw: string, at: number, secret = webhookSecret) =>
      fetch(`${f.url}/api/payments/webhook/stripe`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'stripe-signature': `t=${at},v1=${stripeSignature(secret, at, Buffer.from(body))}`,
        },
        body: raw,
      });
    const before = await gatewayEventCount(f);

    expect((await post(body.replace('"amount":10000', '"amount":1'), now)).status).toBe(400);
    expect((await post(body, now - 400)).status).toBe(400);
    expect((await post(body, now + 400)).status).toBe(400);
    expect((await post(body, now, 'whsec_wrong')).status).toBe(400);
    expect(await gatewayEventCount(f)).toBe(before);

    expect((await post(body, now)).status).toBe(200);
    expect((await post(body, now)).status).toBe(200);
    expect(await gatewayEventCount(f)).toBe(before + 1);
    expect((await intentStatus(f, p.transactionId))?.status).toBe('authorized');
  });
});
