import { createHmac, timingSafeEqual } from 'node:crypto';
import { type WebhookHeaders, WebhookRejected } from '../../app/ports/payment-gateway.ts';

export interface StandardWebhookOptions {
  /** `whsec_` + base64 key, or the bare base64 key; padding optional. */
  secret: string;
  toleranceSeconds?: number;
  nowSeconds?: () => number;
}

export interface VerifiedStandardWebhook {
  id: string;
  timestamp: number;
}

/** The key bytes of a Standard Webhooks secret; an empty key is refused outright. */
export function standardWebhookKey(secret: string): Buffer {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  if (key.length === 0) throw new Error('a Standard Webhooks secret must not be empty');
  return key;
}

/** `v1,<base64 HMAC-SHA256 of "id.timestamp.body">`. */
export function standardWebhookSignature(
  key: Buffer,
  id: string,
  timestamp: number,
  rawBody: Buffer,
): string {
  const mac = createHmac('sha256', key).update(`${id}.${timestamp}.`).update(rawBody);
  return `v1,${mac.digest('base64')}`;
}

/**
 * Verifies the Standard Webhooks headers over the raw bytes: any `v1` entry of the
 * space-separated list may match (key rotation), compared in constant time; the timestamp
 * must lie within the tolerance on either side of now, so a replay or a clock far ahead fails.
 */
export function createStandardWebhookVerifier(options: StandardWebhookOptions) {
  const key = standardWebhookKey(options.secret);
  const tolerance = options.toleranceSeconds ?? 300;
  const now = options.nowSeconds ?? (() => Math.floor(Date.now() / 1000));

  return (rawBody: Buffer, headers: WebhookHeaders): VerifiedStandardWebhook => {
    const id = header(headers, 'webhook-id');
    const stamp = header(headers, 'webhook-timestamp');
    const signatures = header(headers, 'webhook-signature');
    if (!id || !stamp || !signatures) throw new WebhookRejected('missing signature headers');
    if (!/^\d{1,12}$/.test(stamp)) throw new WebhookRejected('malformed timestamp');

    const timestamp = Number(stamp);
    const expected = Buffer.from(standardWebhookSignature(key, id, timestamp, rawBody).slice(3));
    const matches = signatures
      .split(' ')
      .filter((s) => s.startsWith('v1,'))
      .some((s) => sameBytes(Buffer.from(s.slice(3)), expected));
    if (!matches) throw new WebhookRejected('signature mismatch');

    if (Math.abs(now() - timestamp) > tolerance) {
      throw new WebhookRejected('timestamp outside tolerance');
    }
    return { id, timestamp };
  };
}

export function header(headers: WebhookHeaders, name: string): string | undefined {
  const value = headers[name] ?? headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/** Constant time for equal lengths; a length difference is not secret (the format is public). */
export function sameBytes(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}
