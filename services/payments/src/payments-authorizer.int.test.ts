import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SandboxGateway, startSandboxGateway } from '../sandbox/sandbox-gateway.ts';
import { createSandboxGateway } from './adapters/gateways/sandbox-gateway.ts';
import { reaches, startPayment } from './testing/payment-steps.ts';
import { type PaymentsFixture, startPaymentsFixture } from './testing/payments-fixture.ts';

/**
 * A provider in front of the sandbox that holds a new payment until a second one is in
 * flight (or 3 s have passed), and counts how many were ever in flight at once.
 */
async function startPairingProvider(sandboxUrl: string) {
  let inFlight = 0;
  let mostAtOnce = 0;
  const held: Array<() => void> = [];
  const state = { paired: false };
  const forward = async (req: IncomingMessage, res: ServerResponse, body: Buffer) => {
    const answer = await fetch(`${sandboxUrl}${req.url}`, {
      method: req.method,
      headers: { 'content-type': 'application/json', ...idempotencyOf(req) },
      body: req.method === 'POST' ? body : undefined,
    });
    res.writeHead(answer.status, { 'content-type': 'application/json' });
    res.end(await answer.text());
  };
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (req.method === 'POST' && req.url === '/v1/payments') {
      inFlight += 1;
      mostAtOnce = Math.max(mostAtOnce, inFlight);
      await pairedOrLate(held, state);
      inFlight -= 1;
    }
    await forward(req, res, Buffer.concat(chunks));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    mostAtOnce: () => mostAtOnce,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Holds the first payment until a second arrives (3 s at most); after a pair, none. */
function pairedOrLate(held: Array<() => void>, state: { paired: boolean }): Promise<void> {
  if (state.paired) return Promise.resolve();
  if (held.length > 0) {
    state.paired = true;
    for (const release of held.splice(0)) release();
    return Promise.resolve();
  }
  return new Promise<void>((resolve) => {
    // Below the adapter's 5 s timeout, so that a lone payment is late, not uncertain.
    const timer = setTimeout(() => {
      held.splice(0);
      resolve();
    }, 3_000);
    held.push(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

function idempotencyOf(req: IncomingMessage): Record<string, string> {
  const key = req.headers['idempotency-key'];
  return typeof key === 'string' ? { 'idempotency-key': key } : {};
}

const secret = `whsec_${Buffer.from('a provider of these tests only').toString('base64')}`;

describe('the authorizer', () => {
  let f: PaymentsFixture;
  let upstream: SandboxGateway;
  let provider: Awaited<ReturnType<typeof startPairingProvider>>;

  beforeAll(async () => {
    upstream = await startSandboxGateway({ webhookUrl: 'http://127.0.0.1:9/unset', secret });
    provider = await startPairingProvider(upstream.url);
    const paired = createSandboxGateway({
      name: 'paired',
      baseUrl: provider.url,
      webhookSecret: secret,
    });
    f = await startPaymentsFixture('payments_authorizer', {
      gateways: [paired],
      env: { PAYMENTS_GATEWAYS: 'paired' },
    });
  });
  afterAll(async () => {
    await f?.stop();
    await provider?.close();
    await upstream?.close();
  });

  it('sends several waiting intents to their gateway at once', async () => {
    const started = await Promise.all([1, 2, 3, 4].map(() => startPayment(f)));

    for (const p of started) await reaches(f, p.transactionId, 'processing');

    expect(provider.mostAtOnce()).toBeGreaterThanOrEqual(2);
  });

  it('finds its queue by an index of waiting intents, not a scan of all', async () => {
    const plan = await f.payments.db.transaction().execute(async (trx) => {
      // An almost empty table makes a scan cheapest; the question is whether an index exists.
      await sql`set local enable_seqscan = off`.execute(trx);
      const { rows } = await sql<{ 'QUERY PLAN': string }>`
        explain select id from payment_intent where status = 'requires_action'
        order by id limit 8`.execute(trx);
      return rows.map((r) => r['QUERY PLAN']).join('\n');
    });

    expect(plan).toContain('payment_intent_waiting');
  });
});
