import { describe, expect, it } from 'vitest';
import { readSharedJson } from './shared-data.ts';
import { noticeFromStripeEvent } from './stripe-gateway.ts';

const sample = (file: string) =>
  readSharedJson<{ object: Record<string, unknown> }>(`stripe/${file}`);
const event = (type: string, data: unknown) => ({ id: `evt_${type}`, object: 'event', type, data });

describe('Stripe events mapped to gateway notices', () => {
  it('maps charge.succeeded (captured) with its amounts and intent', () => {
    const notice = noticeFromStripeEvent(
      event('charge.succeeded', sample('charge.succeeded.json')),
    );
    expect(notice).toMatchObject({
      eventId: 'evt_charge.succeeded',
      gatewayPaymentId: 'pm_1234',
      reference: null,
      payment: {
        status: 'captured',
        amountMinor: 500,
        capturedMinor: 500,
        refundedMinor: 0,
        currency: 'USD',
      },
    });
  });

  it('maps charge.refunded with the refunded total and each refund', () => {
    const notice = noticeFromStripeEvent(event('charge.refunded', sample('charge.refunded.json')));
    expect(notice.payment).toMatchObject({
      status: 'captured',
      amountMinor: 1500,
      capturedMinor: 1500,
      refundedMinor: 500,
      refunds: [
        { gatewayRefundId: 're_3LQOJoKXBGcbgpbZ10i9Mg75', amountMinor: 500, reference: null },
      ],
    });
  });

  it('reads our ids back from metadata and an uncaptured charge as authorized', () => {
    const charge = sample('charge.succeeded.json').object;
    const data = {
      object: { ...charge, captured: false, metadata: { hcts_payment_intent_id: 'ours' } },
    };
    const notice = noticeFromStripeEvent(event('charge.succeeded', data));
    expect(notice.reference).toBe('ours');
    expect(notice.payment).toMatchObject({ status: 'authorized', capturedMinor: 0 });
  });

  it('maps a failed charge with its failure', () => {
    const charge = sample('charge.succeeded.json').object;
    const data = {
      object: {
        ...charge,
        status: 'failed',
        captured: false,
        failure_code: 'card_declined',
        failure_message: 'Declined',
      },
    };
    expect(noticeFromStripeEvent(event('charge.failed', data)).payment).toMatchObject({
      status: 'failed',
      failure: { code: 'card_declined', reason: 'Declined' },
    });
  });

  it('carries no payment for events about anything else', () => {
    const checkout = noticeFromStripeEvent(
      event('checkout.session.completed', sample('checkout.session.completed.json')),
    );
    expect(checkout).toMatchObject({ payment: null, gatewayPaymentId: null });
    const customer = readSharedJson('stripe/event_test_signature.json');
    expect(noticeFromStripeEvent(customer)).toMatchObject({ eventId: 'evt_123', payment: null });
  });

  it('rejects a charge event whose object is not a charge', () => {
    expect(() => noticeFromStripeEvent(event('charge.succeeded', { object: { id: 'x' } }))).toThrow(
      /unexpected charge/,
    );
  });
});
