import { type Bus, createBus } from '@hcts/bus';
import {
  type EventDefinition,
  systemActor,
  TransactionCancelled,
  TransactionCompleted,
  TransactionFailed,
  TransactionInitiated,
  TransactionRefunded,
} from '@hcts/contracts';
import { kafkaBrokers } from '@hcts/test-harness';
import pino from 'pino';
import { uuidv7 } from 'uuidv7';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { reaches } from './testing/payment-steps.ts';
import {
  aQuote,
  entryKinds,
  ledgerIsBalanced,
  type PaymentsFixture,
  parties,
  publishedTypes,
  startPaymentsFixture,
} from './testing/payments-fixture.ts';

describe('payments reacting to trading events over Kafka', () => {
  let f: PaymentsFixture;
  let bus: Bus;
  const context = { correlationId: 'payments-kafka-test', causationId: null, actor: systemActor };

  beforeAll(async () => {
    f = await startPaymentsFixture('payments_kafka');
    bus = await createBus({
      brokers: kafkaBrokers(),
      clientId: 'payments-kafka-test',
      source: 'hcts/trading',
      logger: pino({ level: 'silent' }),
    });
  });
  afterEach(async () => {
    await f.sandbox.idle();
    expect(await ledgerIsBalanced(f)).toBe(true);
  });
  afterAll(async () => {
    await bus?.close();
    await f?.stop();
  });

  const publish = <D extends EventDefinition>(definition: D, data: unknown) =>
    bus.publish({ ...definition, topic: f.topics.trading } as EventDefinition, data, context);

  it('authorizes on TransactionInitiated, captures once on TransactionCompleted, refunds', async () => {
    const p = parties();
    const quote = aQuote();
    await publish(TransactionInitiated, { ...p, quote, initiatedAt: new Date().toISOString() });
    await reaches(f, p.transactionId, 'authorized');

    const completed = { ...p, quote, completedAt: new Date().toISOString() };
    await publish(TransactionCompleted, completed);
    await publish(TransactionCompleted, completed);
    await reaches(f, p.transactionId, 'captured');

    const refund = {
      transactionId: p.transactionId,
      refundId: uuidv7(),
      amountMinor: 2_500,
      currency: 'EUR',
      refundedTotalMinor: 2_500,
      fullyRefunded: false,
      reason: 'one session not delivered',
      refundedAt: new Date().toISOString(),
    };
    await publish(TransactionRefunded, refund);
    await reaches(f, p.transactionId, 'partially_refunded');

    expect(await entryKinds(f, p.transactionId)).toEqual([
      'pending',
      'post_pending',
      'posted',
      'posted',
    ]);
    expect(await publishedTypes(f, p.transactionId, 4)).toEqual([
      'payment-authorized',
      'payment-captured',
      'commission-settled',
      'payment-refunded',
    ]);
    const settled = f.published.find(
      (m) => m.key === p.transactionId && m.type.includes('commission'),
    );
    expect(settled?.data).toMatchObject({
      grossMinor: 10_000,
      providerPayableMinor: 9_500,
      platformFeeMinor: 300,
      intermediaryCommissionMinor: 200,
      intermediaryOrganizationId: p.intermediaryOrganizationId,
    });
  });

  it('voids the hold on TransactionCancelled', async () => {
    const p = parties();
    await publish(TransactionInitiated, {
      ...p,
      quote: aQuote(),
      initiatedAt: new Date().toISOString(),
    });
    await reaches(f, p.transactionId, 'authorized');
    await publish(TransactionCancelled, {
      transactionId: p.transactionId,
      reason: 'buyer withdrew',
      cancelledAt: new Date().toISOString(),
    });
    await reaches(f, p.transactionId, 'cancelled');
    expect(await entryKinds(f, p.transactionId)).toEqual(['pending', 'void_pending']);
  });

  it('releases the hold and cancels at the gateway once when trading fails the transaction', async () => {
    const p = parties();
    await publish(TransactionInitiated, {
      ...p,
      quote: aQuote(),
      initiatedAt: new Date().toISOString(),
    });
    const intent = await reaches(f, p.transactionId, 'authorized');
    const failed = {
      transactionId: p.transactionId,
      code: 'amount-mismatch',
      reason: 'the authorized amount differs from the quote',
      failedAt: new Date().toISOString(),
    };

    await publish(TransactionFailed, failed);
    await publish(TransactionFailed, { ...failed, failedAt: new Date().toISOString() });
    await reaches(f, p.transactionId, 'cancelled');

    expect(await entryKinds(f, p.transactionId)).toEqual(['pending', 'void_pending']);
    const atGateway = f.sandbox.payments().concat(f.sandboxB.payments());
    const held = atGateway.filter((g) => g.reference === intent.id);
    expect(held.map((g) => g.status)).toEqual(['cancelled']);
  });
});
