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
  TransactionInitiated,
  TransactionRefunded,
} from '@hcts/contracts';
import type { z } from 'zod';
import { cancelPayment } from '../../app/cancel-payment.ts';
import { capturePayment } from '../../app/capture-payment.ts';
import { createPayment } from '../../app/create-payment.ts';
import type { PaymentsApp } from '../../app/payments-app.ts';
import { refundPayment } from '../../app/refund-payment.ts';
import { splitFromQuote } from '../../domain/split.ts';
import { paymentsUnit } from '../postgres/postgres-payments-store.ts';

export const paymentsConsumerGroup = 'payments.trading';

/** Handlers of the trading events payments reacts to; each runs in the inbox transaction. */
export function tradingHandlers(app: PaymentsApp, outbox: Outbox): Record<string, EventHandler> {
  return {
    [TransactionInitiated.type]: async (envelope, { trx }) => {
      const data = envelope.data as z.infer<typeof TransactionInitiated.schema>;
      await createPayment(paymentsUnit(trx, outbox), app.registry, {
        transactionId: data.transactionId,
        buyerOrganizationId: data.buyerOrganizationId,
        providerOrganizationId: data.providerOrganizationId,
        intermediaryOrganizationId: data.intermediaryOrganizationId,
        currency: data.quote.currency,
        split: splitFromQuote(data.quote, data.intermediaryOrganizationId !== null),
        createdByUserId: envelope.actor.userId,
      });
    },
    [TransactionCompleted.type]: async (envelope, { trx }) => {
      const data = envelope.data as z.infer<typeof TransactionCompleted.schema>;
      const unit = paymentsUnit(trx, outbox);
      await capturePayment(unit, app.registry, data.transactionId, contextFrom(envelope));
    },
    [TransactionCancelled.type]: async (envelope, { trx, log }) => {
      const data = envelope.data as z.infer<typeof TransactionCancelled.schema>;
      const unit = paymentsUnit(trx, outbox);
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
      await refundPayment(paymentsUnit(trx, outbox), app.registry, request, contextFrom(envelope));
    },
  };
}

export function startTradingConsumer(
  bus: Bus,
  db: AnyDatabase,
  app: PaymentsApp,
  outbox: Outbox,
  group = paymentsConsumerGroup,
): Promise<RunningConsumer> {
  return bus.consumer({
    group,
    topics: [Topics.trading],
    db,
    handlers: tradingHandlers(app, outbox),
    // A new intent waits for the authorizer; waking it once the intent is committed saves
    // the wait for its next interval.
    afterCommit: (envelope) => {
      if (envelope.type === TransactionInitiated.type) void app.authorizer.kick();
    },
  });
}
