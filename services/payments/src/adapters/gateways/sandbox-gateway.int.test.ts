import { randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SandboxGateway, startSandboxGateway } from '../../../sandbox/sandbox-gateway.ts';
import { GatewayUnavailable, type PaymentGateway } from '../../app/ports/payment-gateway.ts';
import { createSandboxGateway } from './sandbox-gateway.ts';

interface Received {
  body: Buffer;
  headers: IncomingHttpHeaders;
}

describe('the sandbox gateway and its adapter', () => {
  const secret = `whsec_${randomBytes(24).toString('base64')}`;
  const received: Received[] = [];
  const receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ body: Buffer.concat(chunks), headers: req.headers });
      res.writeHead(204).end();
    });
  });
  let sandbox: SandboxGateway;
  let gateway: PaymentGateway;

  beforeAll(async () => {
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    const { port } = receiver.address() as AddressInfo;
    sandbox = await startSandboxGateway({ webhookUrl: `http://127.0.0.1:${port}/hook`, secret });
    gateway = createSandboxGateway({ baseUrl: sandbox.url, webhookSecret: secret });
  });

  afterAll(async () => {
    await sandbox.close();
    await new Promise((r) => receiver.close(r));
  });

  const eventsFor = (id: string) =>
    received
      .map((r) => gateway.verifyWebhook(r.body, r.headers))
      .filter((n) => n.gatewayPaymentId === id);

  it('authorizes asynchronously, then captures and refunds, telling by signed webhook', async () => {
    const reference = randomBytes(8).toString('hex');
    const started = await gateway.authorize({
      reference,
      amountMinor: 1_000,
      currency: 'EUR',
      idempotencyKey: reference,
    });
    expect(started.status).toBe('processing');
    await sandbox.idle();
    expect((await gateway.fetchPayment(started.gatewayPaymentId)).status).toBe('authorized');

    const id = started.gatewayPaymentId;
    expect(
      (await gateway.capture(id, { amountMinor: 1_000, idempotencyKey: `${reference}-c` })).status,
    ).toBe('captured');
    const refunded = await gateway.refund(id, {
      refundId: 'r1',
      amountMinor: 400,
      idempotencyKey: `${reference}-r`,
    });
    expect(refunded).toMatchObject({
      refundedMinor: 400,
      refunds: [{ reference: 'r1', amountMinor: 400 }],
    });
    await gateway.refund(id, {
      refundId: 'r1',
      amountMinor: 400,
      idempotencyKey: `${reference}-r`,
    });
    await sandbox.idle();

    expect(eventsFor(id).map((n) => n.type)).toEqual([
      'payment.authorized',
      'payment.captured',
      'payment.refunded',
    ]);
    expect(sandbox.payments().find((p) => p.id === id)?.amount_refunded).toBe(400);
  });

  it('answers one idempotency key with one payment', async () => {
    const key = randomBytes(8).toString('hex');
    const a = await gateway.authorize({
      reference: key,
      amountMinor: 5,
      currency: 'EUR',
      idempotencyKey: key,
    });
    const b = await gateway.authorize({
      reference: key,
      amountMinor: 5,
      currency: 'EUR',
      idempotencyKey: key,
    });
    expect(b.gatewayPaymentId).toBe(a.gatewayPaymentId);
  });

  it('declines, duplicates and reorders events when told to', async () => {
    sandbox.behave({ decline: true, duplicates: 2 });
    const declined = await gateway.authorize({
      reference: 'd',
      amountMinor: 7,
      currency: 'EUR',
      idempotencyKey: randomBytes(8).toString('hex'),
    });
    await sandbox.idle();
    const notices = eventsFor(declined.gatewayPaymentId);
    expect(notices.map((n) => n.type)).toEqual([
      'payment.failed',
      'payment.failed',
      'payment.failed',
    ]);
    expect(new Set(notices.map((n) => n.eventId)).size).toBe(1);

    sandbox.behave({ decline: false, duplicates: 0, reorder: true });
    const p = await gateway.authorize({
      reference: 'o',
      amountMinor: 9,
      currency: 'EUR',
      idempotencyKey: randomBytes(8).toString('hex'),
    });
    await sandbox.idle();
    await gateway.capture(p.gatewayPaymentId, {
      amountMinor: 9,
      idempotencyKey: randomBytes(8).toString('hex'),
    });
    await sandbox.idle();
    expect(eventsFor(p.gatewayPaymentId)).toEqual([]);
    await sandbox.flush();
    expect(eventsFor(p.gatewayPaymentId).map((n) => n.type)).toEqual([
      'payment.captured',
      'payment.authorized',
    ]);
    sandbox.behave({ reorder: false });
  });

  it('is unavailable with 503, which means the request was surely not taken', async () => {
    sandbox.behave({ unavailable: true });
    const attempt = gateway.authorize({
      reference: 'u',
      amountMinor: 1,
      currency: 'EUR',
      idempotencyKey: 'u',
    });
    await expect(attempt).rejects.toBeInstanceOf(GatewayUnavailable);
    await expect(attempt).rejects.toMatchObject({ taken: false });
    sandbox.behave({ unavailable: false });
  });

  it('rejects a delivery whose body was tampered with or that was signed with another secret', async () => {
    const one = received[0]!;
    const tampered = Buffer.from(one.body.toString().replace('"amount":', '"amount":1'));
    expect(() => gateway.verifyWebhook(tampered, one.headers)).toThrow(/signature mismatch/);
    const other = createSandboxGateway({
      baseUrl: sandbox.url,
      webhookSecret: `whsec_${randomBytes(24).toString('base64')}`,
    });
    expect(() => other.verifyWebhook(one.body, one.headers)).toThrow(/signature mismatch/);
  });
});
