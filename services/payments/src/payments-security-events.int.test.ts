import type { KafkaClient } from '@hcts/bus';
import { createKafkaClient, parseMessage, readTopic } from '@hcts/bus';
import { eventsByType } from '@hcts/contracts';
import { kafkaBrokers, uniqueName } from '@hcts/test-harness';
import { sql } from 'kysely';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addressDigest } from './adapters/postgres/postgres-security-events.ts';
import { type PaymentsFixture, startPaymentsFixture } from './testing/payments-fixture.ts';

const salt = uniqueName('payments-digest-salt');

describe('security events of payments', () => {
  let f: PaymentsFixture;
  let kafka: KafkaClient;

  beforeAll(async () => {
    f = await startPaymentsFixture('payments_security', { env: { SECURITY_DIGEST_SALT: salt } });
    kafka = createKafkaClient({
      brokers: kafkaBrokers(),
      clientId: uniqueName('payments-security'),
      logger: pino({ level: 'silent' }),
    });
  });
  afterAll(async () => {
    await f?.stop();
  });

  it('publishes a bad webhook signature once per sender and minute, without the address', async () => {
    const forged = () =>
      fetch(`${f.url}/api/payments/webhook/sandbox`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'webhook-id': uniqueName('msg'),
          'webhook-timestamp': String(Math.floor(Date.now() / 1000)),
          'webhook-signature': 'v1,bm90IGEgc2lnbmF0dXJlIGF0IGFsbA==',
        },
        body: JSON.stringify({ type: 'payment.authorized', data: { id: 'pay_forged' } }),
      });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i += 1) statuses.push((await forged()).status);

    expect(statuses).toEqual([400, 400, 400, 400, 400]);
    const { rows } = await sql<{ id: string; count: number }>`
      select id, count from payments_security_event`.execute(f.payments.db);
    expect(rows).toEqual([{ id: expect.any(String), count: 1 }]);

    const [record] = await readTopic(kafka, f.topics.payments, 1);
    const parsed = parseMessage(record!.headers, record!.value, eventsByType);
    if (parsed.kind !== 'ok') throw new Error(`not a contract event: ${parsed.kind}`);
    expect(parsed.envelope.type).toBe('hcts.payments.security-event-recorded.v1');
    expect(parsed.envelope.data).toMatchObject({
      securityEventId: rows[0]!.id,
      kind: 'webhook-signature-invalid',
      severity: 'high',
      count: 1,
      subject: { type: 'webhook-endpoint', id: 'sandbox' },
      sourceDigest: addressDigest(salt, '127.0.0.1'),
      route: 'POST /api/payments/webhook/:gateway',
    });
    expect(record!.value?.toString()).not.toContain('127.0.0.1');
  });
});
