// A local stand-in for the few Stripe API calls the adapter makes, for tests only: payment
// intents with manual capture, capture, cancel, refunds, and retrieval with the charge
// expanded. It checks the secret key and answers a repeated idempotency key with the first
// answer, as Stripe does.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

interface Intent {
  id: string;
  object: 'payment_intent';
  amount: number;
  amount_received: number;
  currency: string;
  status: string;
  metadata: Record<string, string>;
  charge: {
    id: string;
    object: 'charge';
    amount: number;
    amount_captured: number;
    amount_refunded: number;
    captured: boolean;
    currency: string;
    status: 'succeeded';
    payment_intent: string;
    metadata: Record<string, string>;
    refunds: {
      data: { id: string; amount: number; status: string; metadata: Record<string, string> }[];
    };
  };
}

export async function startFakeStripe(secretKey: string) {
  const intents = new Map<string, Intent>();
  const answered = new Map<string, unknown>();
  let counter = 0;
  const view = (i: Intent, expand: boolean) => {
    const { charge, ...rest } = i;
    return { ...rest, latest_charge: expand ? charge : charge.id };
  };

  const handle = (method: string, path: string, form: URLSearchParams): [number, unknown] => {
    const [, , kind, id, action] = path.split('/');
    const intent = id ? intents.get(id) : undefined;
    if (method === 'POST' && kind === 'payment_intents' && !id) {
      counter += 1;
      const created: Intent = {
        id: `pi_${counter}`,
        object: 'payment_intent',
        amount: Number(form.get('amount')),
        amount_received: 0,
        currency: form.get('currency') ?? 'eur',
        status: form.get('capture_method') === 'manual' ? 'requires_capture' : 'succeeded',
        metadata: { hcts_payment_intent_id: form.get('metadata[hcts_payment_intent_id]') ?? '' },
        charge: {
          id: `ch_${counter}`,
          object: 'charge',
          amount: Number(form.get('amount')),
          amount_captured: 0,
          amount_refunded: 0,
          captured: false,
          currency: form.get('currency') ?? 'eur',
          status: 'succeeded',
          payment_intent: `pi_${counter}`,
          metadata: {},
          refunds: { data: [] },
        },
      };
      intents.set(created.id, created);
      return [200, view(created, false)];
    }
    if (kind === 'payment_intents' && !intent)
      return [404, { error: { type: 'invalid_request_error' } }];
    if (intent && method === 'GET') return [200, view(intent, true)];
    if (intent && action === 'capture') {
      intent.status = 'succeeded';
      intent.amount_received = Number(form.get('amount_to_capture') ?? intent.amount);
      intent.charge.captured = true;
      intent.charge.amount_captured = intent.amount_received;
      return [200, view(intent, false)];
    }
    if (intent && action === 'cancel') {
      intent.status = 'canceled';
      return [200, view(intent, false)];
    }
    if (method === 'POST' && kind === 'refunds') {
      const target = intents.get(form.get('payment_intent') ?? '');
      if (!target) return [404, { error: { type: 'invalid_request_error' } }];
      const amount = Number(form.get('amount'));
      const refund = {
        id: `re_${++counter}`,
        amount,
        status: 'succeeded',
        metadata: { hcts_refund_id: form.get('metadata[hcts_refund_id]') ?? '' },
      };
      target.charge.refunds.data.push(refund);
      target.charge.amount_refunded += amount;
      return [200, { object: 'refund', ...refund }];
    }
    return [404, { error: { type: 'invalid_request_error' } }];
  };

  const server = createServer(async (req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const url = new URL(req.url ?? '/', 'http://stripe');
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    if (req.headers.authorization !== `Bearer ${secretKey}`) return send(401, { error: {} });

    const key = req.headers['idempotency-key'];
    const cacheKey = typeof key === 'string' ? `${url.pathname}:${key}` : undefined;
    if (cacheKey && answered.has(cacheKey)) return send(200, answered.get(cacheKey));
    const [status, body] = handle(
      req.method ?? 'GET',
      url.pathname,
      new URLSearchParams(Buffer.concat(chunks).toString()),
    );
    if (cacheKey && status === 200) answered.set(cacheKey, body);
    send(status, body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    intents,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
