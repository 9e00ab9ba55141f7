import { createTestTokens, serveJwks } from '@hcts/auth/testing';
import { buildMessage, createBus } from '@hcts/bus';
import type { EventDefinition, PriceList, ServiceSnapshot } from '@hcts/contracts';
import { parseConfig } from '@hcts/kit';
import { createTestDatabase, kafkaBrokers, uniqueName } from '@hcts/test-harness';
import pino from 'pino';
import { uuidv7 } from 'uuidv7';
import { createReplicaWriter } from '../adapters/postgres/postgres-catalog-replica.ts';
import { createOrganizationWriter } from '../adapters/postgres/postgres-organizations.ts';
import { TradingConfig } from '../config.ts';
import { buildTradingService, type TradingTopics } from '../trading-service.ts';

/** The gateway's signing key, as far as these tests are concerned; `as()` mints with it. */
export const tokens = createTestTokens();

/** A running trading service on its own database and topics, for one test file. */
export async function startTrading(label: string) {
  const database = await createTestDatabase(label);
  const jwks = await serveJwks(tokens);
  const topics: TradingTopics = {
    trading: uniqueName('trading'),
    catalog: uniqueName('catalog'),
    payments: uniqueName('payments'),
    identity: uniqueName('identity'),
    catalogGroup: uniqueName('trading-catalog'),
    paymentsGroup: uniqueName('trading-payments'),
    identityGroup: uniqueName('trading-identity'),
    relayId: uniqueName('relay'),
  };
  const config = parseConfig(TradingConfig, {
    DATABASE_URL: database.url,
    KAFKA_BROKERS: kafkaBrokers().join(','),
    PORT: '0',
    LOG_LEVEL: 'silent',
    DATABASE_POOL_MAX: '20',
    RELAY_IDLE_MS: '20',
    ...jwks.env,
  });
  const trading = await buildTradingService({ config, topics });
  await trading.start();
  const bus = await createBus({
    brokers: kafkaBrokers(),
    clientId: uniqueName('trading-test'),
    source: 'hcts/test',
    logger: pino({ level: 'silent' }),
  });
  const producer = await bus.kafka.producer({ idempotent: true });
  const organizations = createOrganizationWriter(trading.db);

  return {
    trading,
    topics,
    databaseUrl: database.url,
    http: trading.service.app,
    replica: createReplicaWriter(trading.db),
    organizations,
    /**
     * A new organization of that kind in trading's organization replica, written straight to
     * its table as the identity consumer would (verified unless told otherwise).
     */
    org: async (kind: OrgKind, status: OrgStatus = 'verified') => {
      const organizationId = newOrg(kind);
      const at = new Date().toISOString();
      await organizations.registered({ organizationId, kind, registeredAt: at });
      if (status !== 'pending') {
        await organizations.decided({ organizationId, kind, status, decidedAt: at });
      }
      return organizationId;
    },
    /** Publishes a contract event on one of this fixture's topics. */
    publish: async <T extends string>(
      topic: string,
      definition: EventDefinition<T>,
      data: unknown,
    ) => {
      const context = {
        correlationId: uuidv7(),
        actor: { userId: null, organizationId: null, role: 'system' as const },
      };
      const message = buildMessage(definition, data as never, context, 'hcts/test');
      await producer.send([{ ...message, topic }]);
      return message.eventId;
    },
    kafka: bus.kafka,
    stop: async () => {
      await producer.disconnect();
      await bus.close();
      await trading.stop();
      await jwks.close();
      await database.drop();
    },
  };
}
export type TradingFixture = Awaited<ReturnType<typeof startTrading>>;
type OrgKind = 'operator' | 'provider' | 'insurer' | 'intermediary';
type OrgStatus = 'pending' | 'verified' | 'rejected' | 'suspended';

export function service(providerOrganizationId: string, amountMinor = 10_000): ServiceSnapshot {
  return {
    serviceId: uuidv7(),
    version: 1,
    providerOrganizationId,
    name: 'Knee MRI',
    procedureCode: { system: 'CPT', code: '73721' },
    indications: [],
    careSetting: 'outpatient',
    unit: 'scan',
    basePrice: { amountMinor, currency: 'EUR' },
    components: [],
    status: 'published',
  };
}

export function priceList(providerOrganizationId: string, serviceId: string): PriceList {
  return {
    priceListId: uuidv7(),
    version: 1,
    providerOrganizationId,
    buyerOrganizationId: null,
    currency: 'EUR',
    validFrom: '2020-01-01T00:00:00.000Z',
    validTo: null,
    entries: [{ serviceId, unitPriceMinor: 8_000 }],
    rules: [
      { kind: 'percentage', ruleId: uuidv7(), version: 3, serviceId: null, adjustmentBps: -1_000 },
    ],
  };
}

/** The headers of a call through the gateway: the caller's access token, a key if given. */
export function as(role: string, organizationId: string, key?: string): Record<string, string> {
  return {
    ...tokens.bearer({ userId: `user-${organizationId}`, organizationId, role }),
    ...(key ? { 'idempotency-key': key } : {}),
  };
}

export const newKey = () => `key-${uuidv7()}`;
export const newOrg = (kind: string) => `${kind}-${uuidv7()}`;

/** Polls until `probe` returns a value; the test's own timeout bounds the wait. */
export async function eventually<T>(probe: () => Promise<T | undefined>): Promise<T> {
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
