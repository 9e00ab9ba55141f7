import { z } from 'zod';
import {
  type GatewayNotice,
  type GatewayPayment,
  type PaymentGateway,
  WebhookRejected,
} from '../../app/ports/payment-gateway.ts';
import { callGateway } from './http-client.ts';
import { parseJson } from './sandbox-gateway.ts';
import { header } from './standard-webhooks.ts';
import {
  paymentFromCharge,
  paymentFromIntent,
  StripeCharge,
  StripePaymentIntent,
  stripeMetadata,
} from './stripe-mapping.ts';
import { createStripeSignatureVerifier } from './stripe-signature.ts';

export interface StripeGatewayOptions {
  name?: string;
  apiBaseUrl: string;
  secretKey: string;
  /** The payment method to confirm with; a real integration takes it from the buyer's client. */
  paymentMethod: string;
  webhookSecrets: readonly string[];
  timeoutMs?: number;
  toleranceSeconds?: number;
  nowSeconds?: () => number;
}

const StripeEvent = z.object({
  id: z.string().min(1),
  type: z.string().min(1),
  data: z.object({ object: z.record(z.string(), z.unknown()) }),
});

/** Maps a verified Stripe event; events about anything but charges and intents carry nothing. */
export function noticeFromStripeEvent(parsed: unknown): GatewayNotice {
  const event = StripeEvent.safeParse(parsed);
  if (!event.success) throw new WebhookRejected('unexpected event shape');
  const { id, type, data } = event.data;

  const payment = paymentOf(type, data.object);
  const intentRef =
    typeof data.object.payment_intent === 'string' ? data.object.payment_intent : null;
  return {
    eventId: id,
    type,
    gatewayPaymentId: payment?.gatewayPaymentId ?? intentRef,
    reference: payment?.reference ?? null,
    payment,
  };
}

function paymentOf(type: string, object: Record<string, unknown>): GatewayPayment | null {
  if (type.startsWith('charge.') && object.object !== 'dispute') {
    const charge = StripeCharge.safeParse(object);
    if (!charge.success) throw new WebhookRejected('unexpected charge shape');
    return paymentFromCharge(charge.data);
  }
  if (type.startsWith('payment_intent.')) {
    const pi = StripePaymentIntent.safeParse(object);
    if (!pi.success) throw new WebhookRejected('unexpected payment intent shape');
    return paymentFromIntent(pi.data);
  }
  return null;
}

/**
 * A Stripe-compatible adapter: PaymentIntents with manual capture, refunds, and webhooks
 * verified by Stripe-Signature over the raw bytes.
 * Known limit: it confirms with one configured payment method; collecting the buyer's card
 * (Stripe Elements in the web app) is what would lift it.
 */
export function createStripeGateway(options: StripeGatewayOptions): PaymentGateway {
  const name = options.name ?? 'stripe';
  const timeoutMs = options.timeoutMs ?? 10_000;
  const verify = createStripeSignatureVerifier({
    secrets: options.webhookSecrets,
    toleranceSeconds: options.toleranceSeconds,
    nowSeconds: options.nowSeconds,
  });

  const call = async (
    method: 'GET' | 'POST',
    path: string,
    form?: Record<string, string>,
    key?: string,
  ) =>
    callGateway(name, {
      method,
      url: `${options.apiBaseUrl}${path}`,
      headers: {
        authorization: `Bearer ${options.secretKey}`,
        'content-type': 'application/x-www-form-urlencoded',
        ...(key ? { 'idempotency-key': key } : {}),
      },
      body: form ? new URLSearchParams(form).toString() : undefined,
      timeoutMs,
    });
  const fetchPayment = async (id: string) =>
    paymentFromIntent(
      StripePaymentIntent.parse(
        await call(
          'GET',
          `/v1/payment_intents/${encodeURIComponent(id)}?expand[]=latest_charge.refunds`,
        ),
      ),
    );
  const intentPath = (id: string, action: string) =>
    `/v1/payment_intents/${encodeURIComponent(id)}/${action}`;

  return {
    name,
    authorize: async (r) =>
      paymentFromIntent(
        StripePaymentIntent.parse(
          await call(
            'POST',
            '/v1/payment_intents',
            {
              amount: String(r.amountMinor),
              currency: r.currency.toLowerCase(),
              capture_method: 'manual',
              confirm: 'true',
              payment_method: options.paymentMethod,
              [`metadata[${stripeMetadata.intent}]`]: r.reference,
            },
            r.idempotencyKey,
          ),
        ),
      ),
    capture: async (id, r) => {
      await call(
        'POST',
        intentPath(id, 'capture'),
        { amount_to_capture: String(r.amountMinor) },
        r.idempotencyKey,
      );
      return fetchPayment(id);
    },
    cancel: async (id, r) => {
      await call('POST', intentPath(id, 'cancel'), {}, r.idempotencyKey);
      return fetchPayment(id);
    },
    refund: async (id, r) => {
      await call(
        'POST',
        '/v1/refunds',
        {
          payment_intent: id,
          amount: String(r.amountMinor),
          [`metadata[${stripeMetadata.refund}]`]: r.refundId,
        },
        r.idempotencyKey,
      );
      return fetchPayment(id);
    },
    fetchPayment,
    verifyWebhook: (rawBody, headers) => {
      verify(rawBody, header(headers, 'stripe-signature'));
      return noticeFromStripeEvent(parseJson(rawBody));
    },
  };
}
