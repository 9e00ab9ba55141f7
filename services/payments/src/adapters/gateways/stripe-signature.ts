import { createHmac } from 'node:crypto';
import { WebhookRejected } from '../../app/ports/payment-gateway.ts';
import { sameBytes } from './standard-webhooks.ts';

export interface StripeSignatureOptions {
  /** Endpoint secrets, used as-is (UTF-8); several while one is being rotated. */
  secrets: readonly string[];
  toleranceSeconds?: number;
  nowSeconds?: () => number;
}

interface ParsedHeader {
  timestamp: number;
  v1: string[];
}

/** `t=<seconds>,v1=<hex>[,v1=<hex>...]`; other schemes (v0) are ignored, never trusted. */
export function parseStripeSignature(header: string | undefined): ParsedHeader {
  if (!header) throw new WebhookRejected('missing Stripe-Signature');
  let timestamp: number | undefined;
  const v1: string[] = [];
  for (const item of header.split(',')) {
    const at = item.indexOf('=');
    if (at <= 0) continue;
    const key = item.slice(0, at).trim();
    const value = item.slice(at + 1).trim();
    if (key === 't' && /^\d{1,12}$/.test(value)) timestamp = Number(value);
    if (key === 'v1' && /^[0-9a-f]+$/i.test(value)) v1.push(value.toLowerCase());
  }
  if (timestamp === undefined) throw new WebhookRejected('malformed Stripe-Signature timestamp');
  if (v1.length === 0) throw new WebhookRejected('no v1 signature');
  return { timestamp, v1 };
}

/** Lowercase hex HMAC-SHA256 of "t.body" over the raw bytes. */
export function stripeSignature(secret: string, timestamp: number, rawBody: Buffer): string {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest('hex');
}

/**
 * Verifies Stripe-Signature on the raw body: any v1 entry under any configured secret may
 * match, compared in constant time; then the timestamp must be within the tolerance of now
 * in either direction.
 */
export function createStripeSignatureVerifier(options: StripeSignatureOptions) {
  if (options.secrets.length === 0 || options.secrets.some((s) => s.length === 0)) {
    throw new Error('Stripe webhook secrets must not be empty');
  }
  const tolerance = options.toleranceSeconds ?? 300;
  const now = options.nowSeconds ?? (() => Math.floor(Date.now() / 1000));

  return (rawBody: Buffer, header: string | undefined): { timestamp: number } => {
    const parsed = parseStripeSignature(header);
    const matches = options.secrets.some((secret) => {
      const expected = Buffer.from(stripeSignature(secret, parsed.timestamp, rawBody));
      return parsed.v1.some((candidate) => sameBytes(Buffer.from(candidate), expected));
    });
    if (!matches) throw new WebhookRejected('signature mismatch');

    if (Math.abs(now() - parsed.timestamp) > tolerance) {
      throw new WebhookRejected('timestamp outside tolerance');
    }
    return { timestamp: parsed.timestamp };
  };
}
