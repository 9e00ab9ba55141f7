import { z } from 'zod';
import {
  type GatewayNotice,
  type GatewayPayment,
  type PaymentGateway,
  WebhookRejected,
} from '../../app/ports/payment-gateway.ts';
import { callGateway } from './http-client.ts';
import { createStandardWebhookVerifier } from './standard-webhooks.ts';

export interface SandboxGatewayOptions {
  name?: string;
  baseUrl: string;
  webhookSecret: string;
  timeoutMs?: number;
  toleranceSeconds?: number;
  nowSeconds?: () => number;
}

const SandboxPayment = z.object({
  id: z.string().min(1),
  reference: z.string().nullable(),
  amount: z.int().min(0),
  currency: z.string().regex(/^[A-Z]{3}$/),
  status: z.enum(['processing', 'authorized', 'captured', 'failed', 'cancelled']),
  amount_captured: z.int().min(0),
  amount_refunded: z.int().min(0),
  refunds: z.array(
    z.object({ id: z.string(), reference: z.string().nullable(), amount: z.int().min(0) }),
  ),
  failure: z.object({ code: z.string(), message: z.string() }).nullable(),
});

const SandboxEvent = z.object({
  id: z.string().min(1),
  type: z.string().min(1),
  data: z.object({ payment: SandboxPayment }),
});

function toPayment(raw: unknown): GatewayPayment {
  const p = SandboxPayment.parse(raw);
  return {
    gatewayPaymentId: p.id,
    reference: p.reference,
    status: p.status,
    amountMinor: p.amount,
    currency: p.currency,
    capturedMinor: p.amount_captured,
    refundedMinor: p.amount_refunded,
    refunds: p.refunds.map((r) => ({
      gatewayRefundId: r.id,
      reference: r.reference,
      amountMinor: r.amount,
    })),
    failure: p.failure ? { code: p.failure.code, reason: p.failure.message } : null,
  };
}

/** The adapter for the repository's sandbox provider (services/payments/sandbox). */
export function createSandboxGateway(options: SandboxGatewayOptions): PaymentGateway {
  const name = options.name ?? 'sandbox';
  const timeoutMs = options.timeoutMs ?? 5_000;
  const verify = createStandardWebhookVerifier({
    secret: options.webhookSecret,
    toleranceSeconds: options.toleranceSeconds,
    nowSeconds: options.nowSeconds,
  });

  const post = async (path: string, body: unknown, idempotencyKey: string) =>
    toPayment(
      await callGateway(name, {
        method: 'POST',
        url: `${options.baseUrl}${path}`,
        headers: { 'content-type': 'application/json', 'idempotency-key': idempotencyKey },
        body: JSON.stringify(body),
        timeoutMs,
      }),
    );
  const id = (gatewayPaymentId: string) => encodeURIComponent(gatewayPaymentId);

  return {
    name,
    authorize: (r) =>
      post(
        '/v1/payments',
        { amount: r.amountMinor, currency: r.currency, reference: r.reference },
        r.idempotencyKey,
      ),
    capture: (gid, r) =>
      post(`/v1/payments/${id(gid)}/capture`, { amount: r.amountMinor }, r.idempotencyKey),
    cancel: (gid, r) => post(`/v1/payments/${id(gid)}/cancel`, {}, r.idempotencyKey),
    refund: (gid, r) =>
      post(
        `/v1/payments/${id(gid)}/refunds`,
        { amount: r.amountMinor, reference: r.refundId },
        r.idempotencyKey,
      ),
    fetchPayment: async (gid) =>
      toPayment(
        await callGateway(name, {
          method: 'GET',
          url: `${options.baseUrl}/v1/payments/${id(gid)}`,
          timeoutMs,
        }),
      ),
    verifyWebhook: (rawBody, headers): GatewayNotice => {
      const { id: eventId } = verify(rawBody, headers);
      const event = SandboxEvent.safeParse(parseJson(rawBody));
      if (!event.success) throw new WebhookRejected('unexpected event shape', 'content');
      const payment = toPayment(event.data.data.payment);
      return {
        eventId,
        type: event.data.type,
        gatewayPaymentId: payment.gatewayPaymentId,
        reference: payment.reference,
        payment,
      };
    },
  };
}

export function parseJson(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    throw new WebhookRejected('body is not JSON', 'content');
  }
}
