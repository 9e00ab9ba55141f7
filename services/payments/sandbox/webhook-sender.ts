import { createHmac } from 'node:crypto';
import type { SandboxEvent } from './sandbox-state.ts';

export interface Delivery {
  eventId: string;
  type: string;
  /** The answer's status, `error` when none came, `dropped` when it was never sent. */
  status: number | 'error' | 'dropped';
}

/**
 * Delivers events the way Standard Webhooks senders do: headers webhook-id, -timestamp and
 * -signature (`v1,` + base64 HMAC-SHA256 of "id.timestamp.body", key = base64 secret), and
 * retries an answer that is not 2xx a few times.
 */
export class WebhookSender {
  readonly deliveries: Delivery[] = [];
  readonly #key: Buffer;
  #url: string;
  readonly #retryDelayMs: number;

  constructor(url: string, secret: string, retryDelayMs = 50) {
    this.#url = url;
    this.#key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
    this.#retryDelayMs = retryDelayMs;
  }

  deliverTo(url: string): void {
    this.#url = url;
  }

  async send(event: SandboxEvent, attempts = 3): Promise<void> {
    const body = JSON.stringify(event);
    for (let attempt = 1; attempt <= attempts; attempt += 1) {
      const status = await this.#post(event.id, body);
      this.deliveries.push({ eventId: event.id, type: event.type, status });
      if (typeof status === 'number' && status < 300) return;
      await new Promise((resolve) => setTimeout(resolve, this.#retryDelayMs * attempt));
    }
  }

  async #post(id: string, body: string): Promise<number | 'error'> {
    const timestamp = Math.floor(Date.now() / 1000);
    const mac = createHmac('sha256', this.#key).update(`${id}.${timestamp}.${body}`);
    try {
      const response = await fetch(this.#url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'webhook-id': id,
          'webhook-timestamp': String(timestamp),
          'webhook-signature': `v1,${mac.digest('base64')}`,
        },
        body,
        signal: AbortSignal.timeout(10_000),
      });
      await response.arrayBuffer();
      return response.status;
    } catch {
      return 'error';
    }
  }
}
