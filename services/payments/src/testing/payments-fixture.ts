// Shared by the payments integration tests: a migrated database, two sandbox gateways, the
// service on a free port with topics of its own, and small readers of what it wrote.
import { randomBytes } from 'node:crypto';
import { createTestTokens, serveJwks } from '@hcts/auth/testing';
import { createKafkaClient, watchTopic } from '@hcts/bus';
import type { FrozenQuote } from '@hcts/contracts';
import { parseConfig } from '@hcts/kit';
import { createTestDatabase, kafkaBrokers, uniqueName } from '@hcts/test-harness';
import { sql } from 'kysely';
import pino from 'pino';
import { uuidv7 } from 'uuidv7';
import { type SandboxGateway, startSandboxGateway } from '../../sandbox/sandbox-gateway.ts';
import { createSandboxGateway } from '../adapters/gateways/sandbox-gateway.ts';
import { postingTotals } from '../adapters/postgres/ledger-queries.ts';
import type { PaymentGateway } from '../app/ports/payment-gateway.ts';
import { PaymentsConfig } from '../config.ts';
import { buildPaymentsService, type PaymentsService } from '../payments-service.ts';

export interface PaymentsFixture {
  payments: PaymentsService;
  sandbox: SandboxGateway;
  sandboxB: SandboxGateway;
  secret: string;
  url: string;
  topics: { trading: string; payments: string; group: string };
  /** What payments published to its topic, as read back from Kafka. */
  published: { key: string; type: string; data: Record<string, unknown> }[];
  stop(): Promise<void>;
}

/** The gateway's signing key, as far as these tests are concerned. */
export const tokens = createTestTokens();

export const newSecret = () => `whsec_${randomBytes(24).toString('base64')}`;

export interface FixtureOptions {
  /** More gateways beside the two sandboxes, and variables they need. */
  gateways?: PaymentGateway[];
  env?: Record<string, string>;
}

export async function startPaymentsFixture(
  label: string,
  options: FixtureOptions = {},
): Promise<PaymentsFixture> {
  const database = await createTestDatabase(label);
  const secret = newSecret();
  const secretB = newSecret();
  const nowhere = 'http://127.0.0.1:9/unset';
  const sandbox = await startSandboxGateway({ webhookUrl: nowhere, secret });
  const sandboxB = await startSandboxGateway({ webhookUrl: nowhere, secret: secretB });
  const jwks = await serveJwks(tokens);

  const config = parseConfig(PaymentsConfig, {
    DATABASE_URL: database.url,
    KAFKA_BROKERS: kafkaBrokers().join(','),
    SANDBOX_WEBHOOK_SECRET: secret,
    PAYMENTS_GATEWAYS: 'sandbox,sandbox-b',
    PORT: '0',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
    AUTHORIZER_INTERVAL_MS: '100',
    ...jwks.env,
    ...options.env,
  });
  const topics = {
    trading: uniqueName('test.trading'),
    payments: uniqueName('test.payments'),
    group: uniqueName('payments'),
  };
  const gateways = [
    createSandboxGateway({ name: 'sandbox', baseUrl: sandbox.url, webhookSecret: secret }),
    createSandboxGateway({ name: 'sandbox-b', baseUrl: sandboxB.url, webhookSecret: secretB }),
    ...(options.gateways ?? []),
  ];
  const payments = await buildPaymentsService({ config, gateways, topics });
  const { url } = await payments.start();
  sandbox.deliverTo(`${url}/api/payments/webhook/sandbox`);
  sandboxB.deliverTo(`${url}/api/payments/webhook/sandbox-b`);
  const reader = await readTopic(topics.payments);

  return {
    payments,
    sandbox,
    sandboxB,
    secret,
    url,
    topics,
    get published() {
      return reader.messages();
    },
    stop: async () => {
      await reader.stop();
      await sandbox.close();
      await sandboxB.close();
      await payments.stop();
      await jwks.close();
      await database.drop();
    },
  };
}

/** Polls until the check passes: tests wait for effects, never for time. */
export async function eventually<T>(check: () => Promise<T | undefined | false>, what: string) {
  const until = Date.now() + 45_000;
  while (Date.now() < until) {
    const value = await check();
    if (value) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`never happened: ${what}`);
}

export async function ledgerIsBalanced(f: PaymentsFixture): Promise<boolean> {
  const totals = await postingTotals(f.payments.db);
  return [...totals.values()].every((t) => t === 0n);
}

export async function intentStatus(f: PaymentsFixture, transactionId: string) {
  const { rows } = await sql<{ id: string; status: string; gateway: string }>`
    select id, status, gateway from payment_intent where transaction_id = ${transactionId}`.execute(
    f.payments.db,
  );
  return rows[0];
}

const quiet = pino({ level: 'silent' });

/** Reads a topic from its beginning into memory, in order per key. */
async function readTopic(topic: string) {
  const kafka = createKafkaClient({ brokers: kafkaBrokers(), clientId: topic, logger: quiet });
  const watch = await watchTopic(kafka, topic);
  const messages = (): PaymentsFixture['published'] =>
    watch.records.map((record) => ({
      key: record.key?.toString() ?? '',
      type: record.headers.ce_type?.toString() ?? '',
      data: JSON.parse(record.value?.toString() ?? 'null'),
    }));
  return { messages, stop: () => watch.stop() };
}

/**
 * The payments events published for a transaction, short names, once at least `count` of
 * them arrived (one key's events arrive in the order they were staged).
 */
export async function publishedTypes(
  f: PaymentsFixture,
  transactionId: string,
  count: number,
): Promise<string[]> {
  const of = () =>
    f.published
      .filter((m) => m.key === transactionId)
      .map((m) => m.type.replace(/^hcts\.payments\.|\.v1$/g, ''));
  await eventually(async () => of().length >= count, `${count} events of ${transactionId}`);
  return of();
}

export async function entryKinds(f: PaymentsFixture, transactionId: string): Promise<string[]> {
  const { rows } = await sql<{ kind: string }>`
    select kind from ledger_entry where transaction_id = ${transactionId} order by created_at, id`.execute(
    f.payments.db,
  );
  return rows.map((r) => r.kind);
}

export function aQuote(total = 10_000, fee = 300, commission = 200): FrozenQuote {
  return {
    quoteId: uuidv7(),
    currency: 'EUR',
    lines: [
      {
        serviceId: uuidv7(),
        serviceVersion: 1,
        name: 'MRI scan',
        procedureCode: { system: 'CPT', code: '70551' },
        indications: [],
        quantity: 1,
        unitPriceMinor: total - fee - commission,
        lineTotalMinor: total - fee - commission,
        priceListId: null,
        appliedRules: [],
        components: [],
      },
    ],
    subtotalMinor: total - fee - commission,
    platformFeeBps: 300,
    platformFeeMinor: fee,
    commissionBps: 200,
    commissionMinor: commission,
    totalMinor: total,
    expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
  };
}

export function parties() {
  return {
    transactionId: uuidv7(),
    buyerOrganizationId: `insurer-${randomBytes(4).toString('hex')}`,
    providerOrganizationId: `provider-${randomBytes(4).toString('hex')}`,
    intermediaryOrganizationId: `broker-${randomBytes(4).toString('hex')}`,
  };
}
