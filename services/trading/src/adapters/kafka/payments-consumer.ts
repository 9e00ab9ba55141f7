import type { AnyDatabase, Bus, EventHandler, RunningConsumer } from '@hcts/bus';
import type { Envelope } from '@hcts/contracts';
import { PaymentAuthorized, PaymentFailed, PaymentRefunded } from '@hcts/contracts';
import type { z } from 'zod';
import { type PaymentNews, recordPayment } from '../../app/record-payment.ts';
import { transactionUnit } from '../postgres/postgres-transactions.ts';

type Authorized = z.infer<typeof PaymentAuthorized.schema>;
type Failed = z.infer<typeof PaymentFailed.schema>;
type Refunded = z.infer<typeof PaymentRefunded.schema>;

/**
 * The process manager's inputs. Each handler appends in the inbox transaction, so the event
 * is recorded as handled exactly when its transaction events are appended.
 */
export function paymentsHandlers(): Record<string, EventHandler> {
  const apply = (
    envelope: Envelope,
    trx: Parameters<EventHandler>[1]['trx'],
    at: string,
    news: PaymentNews,
  ) =>
    recordPayment(transactionUnit(trx), {
      eventId: envelope.id,
      transactionId: (envelope.data as { transactionId: string }).transactionId,
      correlationId: envelope.correlationid,
      actor: envelope.actor,
      at,
      news,
    }).then(() => undefined);

  return {
    [PaymentAuthorized.type]: (envelope, { trx }) => {
      const d = envelope.data as Authorized;
      return apply(envelope, trx, d.authorizedAt, {
        kind: 'authorized',
        paymentIntentId: d.paymentIntentId,
        amountMinor: d.amountMinor,
        currency: d.currency,
      });
    },
    [PaymentFailed.type]: (envelope, { trx }) => {
      const d = envelope.data as Failed;
      return apply(envelope, trx, d.failedAt, { kind: 'failed', code: d.code, reason: d.reason });
    },
    [PaymentRefunded.type]: (envelope, { trx }) => {
      const d = envelope.data as Refunded;
      return apply(envelope, trx, d.refundedAt, {
        kind: 'refunded',
        refundId: d.refundId,
        amountMinor: d.amountMinor,
        currency: d.currency,
      });
    },
  };
}

export function startPaymentsConsumer(
  bus: Bus,
  db: AnyDatabase,
  topic: string,
  group: string,
): Promise<RunningConsumer> {
  // Payments' partitions side by side, each in order (one transaction's news in one of them).
  return bus.consumer({
    group,
    topics: [topic],
    db,
    handlers: paymentsHandlers(),
    partitionsConcurrently: 3,
  });
}
