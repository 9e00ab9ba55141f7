import { z } from 'zod';
import type { GatewayPayment, GatewayStatus } from '../../app/ports/payment-gateway.ts';

/** Metadata keys we set on Stripe objects to find our own ids again. */
export const stripeMetadata = Object.freeze({
  intent: 'hcts_payment_intent_id',
  refund: 'hcts_refund_id',
});

const Metadata = z.record(z.string(), z.string()).nullish();

const StripeRefund = z.object({
  id: z.string(),
  amount: z.int().min(0),
  status: z.string().nullish(),
  metadata: Metadata,
});

export const StripeCharge = z.object({
  id: z.string(),
  object: z.literal('charge').optional(),
  amount: z.int().min(0),
  amount_captured: z.int().min(0).default(0),
  amount_refunded: z.int().min(0).default(0),
  captured: z.boolean(),
  currency: z.string(),
  status: z.enum(['succeeded', 'pending', 'failed']),
  payment_intent: z.string().nullish(),
  failure_code: z.string().nullish(),
  failure_message: z.string().nullish(),
  metadata: Metadata,
  refunds: z.object({ data: z.array(StripeRefund) }).nullish(),
});
type StripeCharge = z.infer<typeof StripeCharge>;

export const StripePaymentIntent = z.object({
  id: z.string(),
  object: z.literal('payment_intent'),
  amount: z.int().min(0),
  amount_received: z.int().min(0).default(0),
  currency: z.string(),
  status: z.string(),
  metadata: Metadata,
  last_payment_error: z
    .object({ code: z.string().nullish(), message: z.string().nullish() })
    .nullish(),
  latest_charge: z.union([z.string(), StripeCharge]).nullish(),
});
type StripePaymentIntent = z.infer<typeof StripePaymentIntent>;

function refundsOf(charge: StripeCharge | null | undefined): GatewayPayment['refunds'] {
  return (charge?.refunds?.data ?? [])
    .filter((r) => r.status !== 'failed' && r.status !== 'canceled')
    .map((r) => ({
      gatewayRefundId: r.id,
      reference: r.metadata?.[stripeMetadata.refund] ?? null,
      amountMinor: r.amount,
    }));
}

/** A charge as the gateway-neutral payment; an uncaptured successful charge is authorized. */
export function paymentFromCharge(charge: StripeCharge): GatewayPayment {
  const status: GatewayStatus =
    charge.status === 'failed'
      ? 'failed'
      : charge.status === 'pending'
        ? 'processing'
        : charge.captured
          ? 'captured'
          : 'authorized';
  return {
    gatewayPaymentId: charge.payment_intent ?? charge.id,
    reference: charge.metadata?.[stripeMetadata.intent] ?? null,
    status,
    amountMinor: charge.amount,
    currency: charge.currency.toUpperCase(),
    capturedMinor: charge.captured ? charge.amount_captured : 0,
    refundedMinor: charge.amount_refunded,
    refunds: refundsOf(charge),
    failure:
      status === 'failed'
        ? { code: charge.failure_code ?? 'failed', reason: charge.failure_message ?? 'failed' }
        : null,
  };
}

const intentStatuses: Readonly<Record<string, GatewayStatus>> = Object.freeze({
  requires_payment_method: 'requires_action',
  requires_confirmation: 'requires_action',
  requires_action: 'requires_action',
  processing: 'processing',
  requires_capture: 'authorized',
  succeeded: 'captured',
  canceled: 'cancelled',
});

/** A PaymentIntent (with its latest charge expanded, for refunds) as the neutral payment. */
export function paymentFromIntent(pi: StripePaymentIntent): GatewayPayment {
  const charge = typeof pi.latest_charge === 'object' ? pi.latest_charge : null;
  const failed = pi.status === 'requires_payment_method' && pi.last_payment_error;
  return {
    gatewayPaymentId: pi.id,
    reference: pi.metadata?.[stripeMetadata.intent] ?? null,
    status: failed ? 'failed' : (intentStatuses[pi.status] ?? 'processing'),
    amountMinor: pi.amount,
    currency: pi.currency.toUpperCase(),
    capturedMinor: pi.amount_received,
    refundedMinor: charge?.amount_refunded ?? 0,
    refunds: refundsOf(charge),
    failure: failed
      ? {
          code: pi.last_payment_error?.code ?? 'payment_failed',
          reason: pi.last_payment_error?.message ?? 'payment failed',
        }
      : null,
  };
}
