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
  if (!event.success) throw new WebhookRejected('unexpected event shape', 'content');
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
    if (!charge.success) throw new WebhookRejected('unexpected charge shape', 'content');
    return paymentFromCharge(charge.data);
  }
  if (type.startsWith('payment_intent.')) {
    const pi = StripePaymentIntent.safeParse(object);
    if (!pi.success) throw new WebhookRejected('unexpected payment intent shape', 'content');
    return paymentFromIntent(pi.data);
  }
  return null;
}

type StripeCall = (
  method: 'GET' | 'POST',
  path: string,
  form?: Record<string, string>,
  idempotencyKey?: string,
) => Promise<unknown>;

function stripeCaller(name: string, options: StripeGatewayOptions): StripeCall {
  const timeoutMs = options.timeoutMs ?? 10_000;
  return (method, path, form, idempotencyKey) =>
    callGateway(name, {
      method,
      url: `${options.apiBaseUrl}${path}`,
      headers: {
        authorization: `Bearer ${options.secretKey}`,
        'content-type': 'application/x-www-form-urlencoded',
        ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
      },
      body: form ? new URLSearchParams(form).toString() : undefined,
      timeoutMs,
    });
}

const intentPath = (id: string, action = '') =>
  `/v1/payment_intents/${encodeURIComponent(id)}${action ? `/${action}` : ''}`;

/**
 * A Stripe-compatible adapter: PaymentIntents with manual capture, refunds, and webhooks
 * verified by Stripe-Signature over the raw bytes. Capture, cancel and refund answer with
 * the intent fetched afresh (charge and refunds expanded), the state reconciliation needs.
 * Known limit: it confirms with one configured payment method; collecting the buyer's card
 * (Stripe Elements in the web app) is what would lift it.
 */
export function createStripeGateway(options: StripeGatewayOptions): PaymentGateway {
  const name = options.name ?? 'stripe';
  const call = stripeCaller(name, options);
  const verify = createStripeSignatureVerifier({
    secrets: options.webhookSecrets,
    toleranceSeconds: options.toleranceSeconds,
    nowSeconds: options.nowSeconds,
  });
  const fetchPayment = async (id: string) =>
    paymentFromIntent(
      StripePaymentIntent.parse(
        await call('GET', `${intentPath(id)}?expand[]=latest_charge.refunds`),
      ),
    );
  const thenFetch = (id: string) => async () => fetchPayment(id);

  return {
    name,
    authorize: async (r) => {
      const form = {
        amount: String(r.amountMinor),
        currency: r.currency.toLowerCase(),
        capture_method: 'manual',
        confirm: 'true',
        payment_method: options.paymentMethod,
        [`metadata[${stripeMetadata.intent}]`]: r.reference,
      };
      const created = await call('POST', '/v1/payment_intents', form, r.idempotencyKey);
      return paymentFromIntent(StripePaymentIntent.parse(created));
    },
    capture: (id, r) =>
      call(
        'POST',
        intentPath(id, 'capture'),
        { amount_to_capture: String(r.amountMinor) },
        r.idempotencyKey,
      ).then(thenFetch(id)),
    cancel: (id, r) =>
      call('POST', intentPath(id, 'cancel'), {}, r.idempotencyKey).then(thenFetch(id)),
    refund: (id, r) => {
      const form = {
        payment_intent: id,
        amount: String(r.amountMinor),
        [`metadata[${stripeMetadata.refund}]`]: r.refundId,
      };
      return call('POST', '/v1/refunds', form, r.idempotencyKey).then(thenFetch(id));
    },
    fetchPayment,
    verifyWebhook: (rawBody, headers) => {
      verify(rawBody, header(headers, 'stripe-signature'));
      return noticeFromStripeEvent(parseJson(rawBody));
    },
  };
}
