import { describe, expect, it } from 'vitest';
import { authorize, capture, type PaymentIntent, submit } from '../domain/payment-intent.ts';
import { anIntent } from '../domain-tests/fixtures.ts';
import { GatewayRegistry } from './gateway-registry.ts';
import type { GatewayPayment, GatewayStatus, PaymentGateway } from './ports/payment-gateway.ts';
import { reconcile } from './reconcile.ts';

function state(status: GatewayStatus, extra: Partial<GatewayPayment> = {}): GatewayPayment {
  return {
    gatewayPaymentId: 'pay_1',
    reference: null,
    status,
    amountMinor: 10_000,
    currency: 'USD',
    capturedMinor: status === 'captured' ? 10_000 : 0,
    refundedMinor: 0,
    refunds: [],
    failure: status === 'failed' ? { code: 'card_declined', reason: 'declined' } : null,
    ...extra,
  };
}

const steps = (
  intent: PaymentIntent,
  s: GatewayPayment,
  refunds = [] as { id: string; amountMinor: number }[],
) => reconcile(intent, s, refunds).map((o) => o.intent.status);

describe('reconcile to the gateway record', () => {
  const fresh = () => submit(anIntent(), 'sandbox', 'pay_1').intent;

  it('walks forward through every step the gateway already took', () => {
    expect(steps(anIntent(), state('processing'))).toEqual(['processing']);
    expect(steps(fresh(), state('authorized'))).toEqual(['authorized']);
    expect(steps(fresh(), state('captured'))).toEqual(['authorized', 'captured']);
    expect(steps(fresh(), state('failed'))).toEqual(['failed']);
    expect(steps(fresh(), state('cancelled'))).toEqual(['cancelled']);
  });

  it('does nothing for a state the intent already reached or passed (late events)', () => {
    const captured = capture(authorize(fresh(), null).intent).intent;
    expect(steps(captured, state('authorized'))).toEqual([]);
    expect(steps(captured, state('captured'))).toEqual([]);
    expect(steps(captured, state('failed'))).toEqual([]);
    expect(steps(authorize(fresh(), null).intent, state('processing'))).toEqual([]);
  });

  it('applies only refunds of ours that the gateway shows', () => {
    const captured = capture(authorize(fresh(), null).intent).intent;
    const s = state('captured', {
      refundedMinor: 3_000,
      refunds: [
        { gatewayRefundId: 're_1', reference: 'r1', amountMinor: 1_000 },
        { gatewayRefundId: 're_2', reference: null, amountMinor: 2_000 },
      ],
    });
    const pending = [
      { id: 'r1', amountMinor: 1_000 },
      { id: 'r2', amountMinor: 500 },
    ];
    expect(steps(captured, s, pending)).toEqual(['partially_refunded']);
  });
});

describe('gateway order', () => {
  const gateway = (name: string) => ({ name }) as PaymentGateway;
  const registry = new GatewayRegistry([gateway('a'), gateway('b'), gateway('c')], ['a', 'b']);

  it('puts an organization’s own known gateways first, then the default order', () => {
    expect(registry.orderFor(undefined)).toEqual(['a', 'b']);
    expect(registry.orderFor(['c', 'zzz', 'b'])).toEqual(['c', 'b', 'a']);
    expect(() => registry.get('zzz')).toThrow(/unknown/);
    expect(() => new GatewayRegistry([gateway('a')], ['a', 'nope'])).toThrow(/unknown/);
  });
});
