import type { AnyDatabase } from '@hcts/bus';
import {
  type Bus,
  contextFrom,
  type EventHandler,
  type Outbox,
  type RunningConsumer,
} from '@hcts/bus';
import {
  Topics,
  TransactionCancelled,
  TransactionCompleted,
  TransactionFailed,
  TransactionInitiated,
  TransactionRefunded,
} from '@hcts/contracts';
import type { z } from 'zod';
import { cancelPayment } from '../../app/cancel-payment.ts';
import { capturePayment } from '../../app/capture-payment.ts';
import { openPayment } from '../../app/open-payment.ts';
import type { PaymentsApp } from '../../app/payments-app.ts';
import { refundPayment } from '../../app/refund-payment.ts';
import { paymentsUnit } from '../postgres/postgres-payments-store.ts';

export const paymentsConsumerGroup = 'payments.trading';

/** Handlers of the trading events payments reacts to; each runs in the inbox transaction. */
export function tradingHandlers(
  app: PaymentsApp,
  outbox: Outbox,
  topics: PaymentsTopics,
): Record<string, EventHandler> {
  const unitOf = (trx: Parameters<EventHandler>[1]['trx']) =>
    paymentsUnit(trx, outbox, topics.payments);
  return {
    [TransactionInitiated.type]: async (envelope, { trx }) => {
      const data = envelope.data as z.infer<typeof TransactionInitiated.schema>;
      await openPayment(unitOf(trx), app.registry, data, envelope.actor.userId);
    },
    [TransactionCompleted.type]: async (envelope, { trx }) => {
      const data = envelope.data as z.infer<typeof TransactionCompleted.schema>;
      const unit = unitOf(trx);
      await capturePayment(unit, app.registry, data.transactionId, contextFrom(envelope));
    },
    [TransactionCancelled.type]: async (envelope, { trx, log }) => {
      const data = envelope.data as z.infer<typeof TransactionCancelled.schema>;
      const unit = unitOf(trx);
      await cancelPayment(unit, app.registry, log, data.transactionId, contextFrom(envelope));
    },
    // Trading gave up on the transaction (e.g. the authorized amount differed from the
    // quote): the hold is released exactly as for a cancellation, and as idempotently.
    [TransactionFailed.type]: async (envelope, { trx, log }) => {
      const data = envelope.data as z.infer<typeof TransactionFailed.schema>;
      const unit = unitOf(trx);
      await cancelPayment(unit, app.registry, log, data.transactionId, contextFrom(envelope));
    },
    [TransactionRefunded.type]: async (envelope, { trx }) => {
      const data = envelope.data as z.infer<typeof TransactionRefunded.schema>;
      const request = {
        transactionId: data.transactionId,
        refundId: data.refundId,
        amountMinor: data.amountMinor,
        currency: data.currency,
      };
      await refundPayment(unitOf(trx), app.registry, request, contextFrom(envelope));
    },
  };
}

/** Where payments reads trading events and writes its own; tests use topics of their own. */
export interface PaymentsTopics {
  trading: string;
  payments: string;
  group: string;
}

export const defaultTopics: PaymentsTopics = Object.freeze({
  trading: Topics.trading,
  payments: Topics.payments,
  group: paymentsConsumerGroup,
});

export function startTradingConsumer(
  bus: Bus,
  db: AnyDatabase,
  app: PaymentsApp,
  outbox: Outbox,
  topics: PaymentsTopics = defaultTopics,
): Promise<RunningConsumer> {
  return bus.consumer({
    group: topics.group,
    topics: [topics.trading],
    db,
    handlers: tradingHandlers(app, outbox, topics),
    // Trading's three partitions side by side, each in order: one transaction's events stay
    // in one partition, and a partition's batch waits on the database, not on the others.
    partitionsConcurrently: 3,
    // A new intent waits for the authorizer; waking it once the intent is committed saves
    // the wait for its next interval.
    afterCommit: (envelope) => {
      if (envelope.type === TransactionInitiated.type) void app.authorizer.kick();
    },
  });
}
