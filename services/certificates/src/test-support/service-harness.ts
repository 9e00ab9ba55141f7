import { randomBytes } from 'node:crypto';
import { buildMessage, createBus } from '@hcts/bus';
import type { TransactionCompleted, TransactionRefunded } from '@hcts/contracts';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import pino from 'pino';
import { uuidv7 } from 'uuidv7';
import type { z } from 'zod';
import { ConfigSchema } from '../config.ts';

/** A key like the gateway's, and tokens for any caller. */
export async function tokenFactory() {
  const { privateKey, publicKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
  const kid = `gw-${randomBytes(4).toString('hex')}`;
  const jwks = { keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'EdDSA', use: 'sig' }] };

  const token = (caller: { userId: string; organizationId: string; role: string }) =>
    new SignJWT({
      org: caller.organizationId,
      role: caller.role,
      orgStatus: 'verified',
      kind: 'user',
    })
      .setProtectedHeader({ alg: 'EdDSA', kid })
      .setIssuer('http://gateway.test')
      .setAudience('hcts-services')
      .setSubject(caller.userId)
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(privateKey);
  return { jwks, token };
}

export function testServiceConfig(databaseUrl: string, brokers: string[]) {
  return ConfigSchema.parse({
    DATABASE_URL: databaseUrl,
    KAFKA_BROKERS: brokers.join(','),
    PORT: '0',
    LOG_LEVEL: 'silent',
    PUBLIC_BASE_URL: 'https://hcts.test',
    CERTIFICATES_KEK: randomBytes(32).toString('base64'),
    CERTIFICATES_VERIFY_RATE_LIMIT_PER_MINUTE: '100000',
    AUTH_ISSUER: 'http://gateway.test',
    AUTH_AUDIENCE: 'hcts-services',
  });
}

type CompletedData = z.input<typeof TransactionCompleted.schema>;

/** TransactionCompleted data with fresh ids, as trading would publish it. */
export function completedData(): CompletedData {
  const now = new Date().toISOString();
  return {
    transactionId: uuidv7(),
    buyerOrganizationId: `org-ins-${randomBytes(4).toString('hex')}`,
    providerOrganizationId: `org-prov-${randomBytes(4).toString('hex')}`,
    intermediaryOrganizationId: null,
    completedAt: now,
    quote: {
      quoteId: uuidv7(),
      currency: 'USD',
      lines: [
        {
          serviceId: uuidv7(),
          serviceVersion: 1,
          name: 'Outpatient physiotherapy session',
          procedureCode: { system: 'CPT', code: '97110' },
          indications: [{ code: 'FB56.2', releaseId: '2025-01' }],
          quantity: 4,
          unitPriceMinor: 8_000,
          lineTotalMinor: 32_000,
          priceListId: null,
          appliedRules: [],
          components: [],
        },
      ],
      subtotalMinor: 32_000,
      platformFeeBps: 300,
      platformFeeMinor: 960,
      commissionBps: 0,
      commissionMinor: 0,
      totalMinor: 32_960,
      expiresAt: now,
    },
  };
}

export function refundedData(transactionId: string) {
  return {
    transactionId,
    refundId: uuidv7(),
    amountMinor: 32_960,
    currency: 'USD',
    refundedTotalMinor: 32_960,
    fullyRefunded: true,
    reason: 'service not delivered',
    refundedAt: new Date().toISOString(),
  } satisfies z.input<typeof TransactionRefunded.schema>;
}

/** A producer that writes contract messages to a test's own topic. */
export async function testPublisher(brokers: string[], topic: string, partitions = 1) {
  const bus = await createBus({
    brokers,
    clientId: `cert-test-${randomBytes(3).toString('hex')}`,
    source: 'hcts/trading',
    logger: pino({ level: 'silent' }),
  });
  await bus.ensureTopics([{ topic, partitions }]);
  const producer = await bus.kafka.producer({ idempotent: true });
  const context = {
    correlationId: uuidv7(),
    causationId: null,
    actor: { userId: null, organizationId: null, role: 'system' as const },
  };

  return {
    message: <T extends Parameters<typeof buildMessage>[0]>(definition: T, data: unknown) => ({
      ...buildMessage(definition, data as never, context, 'hcts/trading'),
      topic,
    }),
    send: (messages: Parameters<typeof producer.send>[0]) => producer.send(messages),
    /** Resolves once the group has committed past every record now on the topic. */
    drained: async (group: string) => {
      const ends = await bus.kafka.partitionEnds(topic);
      for (let i = 0; i < 1200; i += 1) {
        const committed = await bus.kafka.committedOffsets(group, topic);
        const done = ends.every((end) => {
          const offset = committed.find((c) => c.partition === end.partition)?.offset ?? '-1';
          return BigInt(end.high) === 0n || BigInt(offset) >= BigInt(end.high);
        });
        if (done) return;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`group ${group} did not drain ${topic}`);
    },
    close: async () => {
      await producer.disconnect();
      await bus.close();
    },
  };
}
