import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  defaultBehaviour,
  newId,
  SandboxBadRequest,
  type SandboxBehaviour,
  SandboxConflict,
  type SandboxEvent,
  SandboxNotFound,
  type SandboxPayment,
  snapshot,
  transitions,
} from './sandbox-state.ts';
import { type Delivery, WebhookSender } from './webhook-sender.ts';

export interface SandboxOptions {
  /** Where signed events go: the merchant's webhook endpoint. */
  webhookUrl: string;
  /** Standard Webhooks secret, `whsec_` + base64. */
  secret: string;
  port?: number;
}

export interface SandboxGateway {
  readonly url: string;
  behave(change: Partial<SandboxBehaviour>): void;
  /** Sends later events to another endpoint (a merchant known only after it started). */
  deliverTo(url: string): void;
  /** Delivers held events, newest first. */
  flush(): Promise<void>;
  /** Resolves once no decision is pending and no delivery is in flight. */
  idle(): Promise<void>;
  payments(): SandboxPayment[];
  deliveries(): Delivery[];
  close(): Promise<void>;
}

type Handler = (body: Record<string, unknown>, req: IncomingMessage) => unknown;

/**
 * A local stand-in for a card payment provider, on 127.0.0.1 only. It authorizes
 * asynchronously, captures, cancels and refunds on request, keeps its own record, and tells
 * the merchant by signed webhook; it can decline, delay, duplicate, reorder, lose its events
 * or be down.
 */
export async function startSandboxGateway(options: SandboxOptions): Promise<SandboxGateway> {
  const sandbox = new Sandbox(options);
  const server = createServer((req, res) => void sandbox.handle(req, res));
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    behave: (change) => Object.assign(sandbox.behaviour, change),
    deliverTo: (url) => sandbox.sender.deliverTo(url),
    flush: () => sandbox.flush(),
    idle: () => sandbox.idle(),
    payments: () => [...sandbox.payments.values()].map(snapshot),
    deliveries: () => [...sandbox.sender.deliveries],
    close: async () => {
      await sandbox.idle();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

class Sandbox {
  readonly behaviour: SandboxBehaviour = { ...defaultBehaviour };
  readonly payments = new Map<string, SandboxPayment>();
  readonly sender: WebhookSender;
  readonly #byKey = new Map<string, string>();
  readonly #held: SandboxEvent[] = [];
  readonly #inFlight = new Set<Promise<void>>();

  constructor(options: SandboxOptions) {
    this.sender = new WebhookSender(options.webhookUrl, options.secret);
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const body = await readJson(req);
      const path = new URL(req.url ?? '/', 'http://sandbox').pathname;
      if (!path.startsWith('/__control') && this.behaviour.unavailable) {
        return reply(res, 503, { error: 'unavailable' });
      }
      const handler = this.#route(req.method ?? 'GET', path);
      if (!handler) return reply(res, 404, { error: 'no such route' });
      reply(res, 200, await handler(body, req));
    } catch (error) {
      const status = statusOf(error);
      reply(res, status, { error: status === 500 ? 'internal' : (error as Error).message });
    }
  }

  #route(method: string, path: string): Handler | undefined {
    const [, v1, resource, id, action] = path.split('/');
    if (method === 'POST' && path === '/__control') {
      return (b) => Object.assign(this.behaviour, b);
    }
    if (method === 'POST' && path === '/__control/flush') return () => this.flush();
    if (method === 'GET' && path === '/__control/deliveries') {
      return () => this.sender.deliveries;
    }
    if (v1 !== 'v1' || resource !== 'payments') return undefined;
    if (method === 'GET' && !id) return () => [...this.payments.values()];
    if (method === 'POST' && !id) return (b, req) => this.#create(b, req);
    if (!id) return undefined;
    if (method === 'GET' && !action) return () => this.#find(id);
    if (method !== 'POST') return undefined;
    if (action === 'capture')
      return (b) =>
        this.#change(id, 'payment.captured', (p) =>
          transitions.capture(p, Number(b.amount ?? p.amount)),
        );
    if (action === 'cancel')
      return () => this.#change(id, 'payment.cancelled', (p) => transitions.cancel(p));
    if (action === 'refunds')
      return (b) =>
        this.#change(id, 'payment.refunded', (p) =>
          transitions.refund(
            p,
            Number(b.amount),
            typeof b.reference === 'string' ? b.reference : null,
          ),
        );
    return undefined;
  }

  #create(body: Record<string, unknown>, req: IncomingMessage): SandboxPayment {
    const key = req.headers['idempotency-key'];
    const known = typeof key === 'string' ? this.#byKey.get(key) : undefined;
    if (known) return this.#find(known);

    const amount = Number(body.amount);
    const currency = String(body.currency ?? '');
    if (!Number.isSafeInteger(amount) || amount <= 0 || !/^[A-Z]{3}$/.test(currency)) {
      throw new SandboxBadRequest('amount and currency required');
    }
    const payment: SandboxPayment = {
      id: newId('sbp'),
      reference: typeof body.reference === 'string' ? body.reference : null,
      amount,
      currency,
      status: 'processing',
      amount_captured: 0,
      amount_refunded: 0,
      refunds: [],
      failure: null,
      created: Math.floor(Date.now() / 1000),
    };
    this.payments.set(payment.id, payment);
    if (typeof key === 'string') this.#byKey.set(key, payment.id);

    const decline = this.behaviour.decline;
    this.#track(
      new Promise((r) => setTimeout(r, this.behaviour.delayMs)).then(() =>
        this.#decide(payment, decline),
      ),
    );
    return snapshot(payment);
  }

  async #decide(payment: SandboxPayment, decline: boolean): Promise<void> {
    if (payment.status !== 'processing') return;
    if (decline) {
      payment.status = 'failed';
      payment.failure = { code: 'card_declined', message: 'The card was declined.' };
      return this.#emit('payment.failed', payment);
    }
    payment.status = 'authorized';
    return this.#emit('payment.authorized', payment);
  }

  #change(id: string, type: string, apply: (p: SandboxPayment) => boolean): SandboxPayment {
    const payment = this.#find(id);
    if (apply(payment)) this.#track(this.#emit(type, payment));
    return snapshot(payment);
  }

  #find(id: string): SandboxPayment {
    const payment = this.payments.get(id);
    if (!payment) throw new SandboxNotFound(`no payment ${id}`);
    return payment;
  }

  async #emit(type: string, payment: SandboxPayment): Promise<void> {
    const event: SandboxEvent = {
      id: newId('evt'),
      type,
      created: Math.floor(Date.now() / 1000),
      data: { payment: snapshot(payment) },
    };
    if (this.behaviour.drop) {
      this.sender.deliveries.push({ eventId: event.id, type, status: 'dropped' });
      return;
    }
    if (this.behaviour.reorder) {
      this.#held.push(event);
      return;
    }
    await this.#deliver(event);
  }

  async #deliver(event: SandboxEvent): Promise<void> {
    for (let copy = 0; copy <= this.behaviour.duplicates; copy += 1) await this.sender.send(event);
  }

  async flush(): Promise<void> {
    const events = this.#held.splice(0).reverse();
    for (const event of events) await this.#deliver(event);
  }

  #track(work: Promise<void>): void {
    this.#inFlight.add(work);
    void work.finally(() => this.#inFlight.delete(work));
  }

  async idle(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.allSettled([...this.#inFlight]);
  }
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  if (chunks.length === 0) return {};
  try {
    const parsed: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
  } catch {
    throw new SandboxBadRequest('body is not JSON');
  }
}

function statusOf(error: unknown): number {
  if (error instanceof SandboxBadRequest) return 400;
  if (error instanceof SandboxNotFound) return 404;
  if (error instanceof SandboxConflict) return 409;
  return 500;
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body ?? null));
}
