import type { TradingCommand } from '../domain/commands.ts';
import type { Actor } from '../domain/types.ts';
import type { TransactionUnit } from './ports.ts';
import { type CommandOutcome, runInUnit } from './run-command.ts';

/** Payment news as the process manager receives it, whatever the wire format. */
export type PaymentNews =
  | { kind: 'authorized'; paymentIntentId: string; amountMinor: number; currency: string }
  | { kind: 'failed'; code: string; reason: string }
  | { kind: 'refunded'; refundId: string; amountMinor: number; currency: string };

export interface PaymentNewsInput {
  /** The payment event's id: the command id, so a redelivery changes nothing. */
  eventId: string;
  transactionId: string;
  correlationId: string;
  actor: Actor;
  at: string;
  news: PaymentNews;
}

/**
 * The process manager's step: turns one payment event into the matching transaction command
 * and applies it in the caller's unit (the inbox transaction). Stale news is a no-op; news
 * ahead of the transaction fails as `unavailable`, so the consumer retries it later.
 */
export function recordPayment(
  unit: TransactionUnit,
  input: PaymentNewsInput,
): Promise<CommandOutcome> {
  const base = { commandId: input.eventId, transactionId: input.transactionId, now: input.at };
  const command: TradingCommand =
    input.news.kind === 'authorized'
      ? { type: 'RecordPaymentAuthorized', ...base, ...withoutKind(input.news) }
      : input.news.kind === 'failed'
        ? { type: 'RecordPaymentFailed', ...base, ...withoutKind(input.news) }
        : { type: 'RecordPaymentRefunded', ...base, ...withoutKind(input.news) };

  return runInUnit(unit, {
    transactionId: input.transactionId,
    command,
    context: { correlationId: input.correlationId, causationId: input.eventId, actor: input.actor },
  });
}

function withoutKind<T extends { kind: string }>(news: T): Omit<T, 'kind'> {
  const { kind: _kind, ...rest } = news;
  return rest;
}
