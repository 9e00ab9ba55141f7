// Adopted from H9's regression tests (findings F4, F6, F11): bad text, router errors and the
// public verify limit behind the gateway.
import { TransactionCompleted } from '@hcts/contracts';
import { createTestDatabase, kafkaBrokers, uniqueName } from '@hcts/test-harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  completedData,
  testPublisher,
  testServiceConfig,
  tokenFactory,
} from '../../test-support/service-harness.ts';
import { buildCertificatesService } from '../build-service.ts';

type Built = Awaited<ReturnType<typeof buildCertificatesService>>;

describe('certificates at the HTTP edge', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let built: Built;
  let tokens: Awaited<ReturnType<typeof tokenFactory>>;
  let publisher: Awaited<ReturnType<typeof testPublisher>>;

  beforeAll(async () => {
    db = await createTestDatabase('cert_edge');
    tokens = await tokenFactory();
    const topic = uniqueName('cert-edge');
    publisher = await testPublisher(kafkaBrokers(), topic);
    built = await buildCertificatesService(testServiceConfig(db.url, kafkaBrokers()), {
      authJwks: tokens.jwks,
      tradingTopic: topic,
      consumerGroup: uniqueName('cert-edge'),
    });
    await built.service.start();
  });

  afterAll(async () => {
    await publisher?.close();
    await built?.service.stop();
    await db?.drop();
  });

  async function issued(transactionId: string) {
    for (let i = 0; i < 300; i += 1) {
      const row = await built.core.database.db
        .selectFrom('certificates')
        .select('id')
        .where('transaction_id', '=', transactionId)
        .executeTakeFirst();
      if (row) return row;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`no certificate for ${transactionId}`);
  }

  it('answers a NUL byte or a lone surrogate in the re-issue reason with a 400 naming it', async () => {
    const data = completedData();
    await publisher.send([publisher.message(TransactionCompleted, data)]);
    await issued(data.transactionId);
    const admin = await tokens.token({ userId: 'u-a', organizationId: 'org-adm', role: 'admin' });

    for (const reason of ['ab\u0000c', 'ab\ud800c']) {
      const r = await built.service.app.inject({
        method: 'POST',
        url: '/api/certificates/generate',
        headers: { authorization: `Bearer ${admin}` },
        payload: { transactionId: data.transactionId, reason },
      });
      expect(r.statusCode).toBe(400);
      expect(r.json().errors[0].field).toBe('reason');
    }
  });

  it('renders an over-long path parameter as problem+json', async () => {
    const r = await built.service.app.inject({
      url: `/api/certificates/verify/${'A'.repeat(5000)}`,
    });

    expect(r.statusCode).toBe(414);
    expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('keeps the verify limit per client behind a trusted gateway, with a 429 problem', async () => {
    const limitedDb = await createTestDatabase('cert_edge_rl');
    const config = {
      ...testServiceConfig(limitedDb.url, kafkaBrokers()),
      CERTIFICATES_VERIFY_RATE_LIMIT_PER_MINUTE: 3,
      TRUST_PROXY: ['127.0.0.1'],
    };
    const limited = await buildCertificatesService(config, {
      authJwks: tokens.jwks,
      tradingTopic: uniqueName('cert-edge-rl'),
      consumerGroup: uniqueName('cert-edge-rl'),
    });
    await limited.service.migrate();
    const verify = (client: string) =>
      limited.service.app.inject({
        url: '/api/certificates/verify/AAAAAAAAAAAAAAAAAAAAAAAA',
        remoteAddress: '127.0.0.1',
        headers: { 'x-forwarded-for': client },
      });
    try {
      const codes: number[] = [];
      for (let client = 0; client < 5; client += 1) {
        codes.push((await verify(`203.0.113.${client}`)).statusCode);
      }
      for (let i = 0; i < 3; i += 1) await verify('198.51.100.9');
      const over = await verify('198.51.100.9');

      expect(codes).toEqual([200, 200, 200, 200, 200]);
      expect(over.statusCode).toBe(429);
      expect(over.json().code).toBe('KIT_RATE_LIMITED');
      expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
    } finally {
      await limited.service.stop();
      await limitedDb.drop();
    }
  });
});
