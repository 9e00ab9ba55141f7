import { assertBuyerSide, assertMayBuy } from './access.ts';
import type { TradingCommand, TradingCommandOf } from './commands.ts';
import { TradingError } from './errors.ts';
import type { TradingEvent } from './events.ts';
import { isMinorUnits } from './money.ts';
import { checkQuote } from './quote.ts';
import type { KnownTransaction, Transaction } from './state.ts';
import type { ServiceAvailability } from './types.ts';

/**
 * Decides what a command does to a transaction: the events to append, none when the command
 * was already applied (or the payment news is stale), or a TradingError.
 */
export function decide(state: Transaction, command: TradingCommand): TradingEvent[] {
  if (state.status !== 'none' && state.handled.has(command.commandId)) return [];

  if (command.type === 'QuotePurchase') return quote(state, command);
  if (state.status === 'none') {
    if (command.type.startsWith('RecordPayment')) throw notYet(command, 'none');
    throw new TradingError('notFound', { transactionId: command.transactionId });
  }

  switch (command.type) {
    case 'InitiatePurchase':
      return initiate(state, command);
    case 'CompletePurchase':
      return complete(state, command);
    case 'CancelPurchase':
      return cancel(state, command);
    case 'RefundPurchase':
      return refund(state, command, command.refundId, command.amountMinor, command.reason);
    case 'RecordPaymentAuthorized':
      return paymentAuthorized(state, command);
    case 'RecordPaymentFailed':
      return paymentFailed(state, command);
    case 'RecordPaymentRefunded':
      return paymentRefunded(state, command);
  }
}

function quote(state: Transaction, c: TradingCommandOf<'QuotePurchase'>): TradingEvent[] {
  if (state.status !== 'none') {
    throw new TradingError('alreadyExists', { transactionId: c.transactionId });
  }
  assertMayBuy(c.actor, c.parties);
  checkQuote(c.quote);
  assertBuyable(c.quote.lines, c.services, c.parties.providerOrganizationId);
  if (!(Date.parse(c.quote.expiresAt) > Date.parse(c.now))) {
    throw new TradingError('quoteExpired', {
      transactionId: c.transactionId,
      expiresAt: c.quote.expiresAt,
    });
  }
  const data = { transactionId: c.transactionId, ...c.parties, quote: c.quote, quotedAt: c.now };
  return [{ type: 'TransactionQuoted', commandId: c.commandId, data }];
}

function initiate(tx: KnownTransaction, c: TradingCommandOf<'InitiatePurchase'>): TradingEvent[] {
  assertBuyerSide(c.actor, tx);
  if (tx.status !== 'quoted') throw wrongStatus(tx, 'initiate');
  if (!(Date.parse(c.now) < Date.parse(tx.quote.expiresAt))) {
    throw new TradingError('quoteExpired', {
      transactionId: tx.transactionId,
      expiresAt: tx.quote.expiresAt,
    });
  }
  assertBuyable(tx.quote.lines, c.services, tx.providerOrganizationId);
  const data = { ...partiesOf(tx), quote: tx.quote, initiatedAt: c.now };
  return [{ type: 'TransactionInitiated', commandId: c.commandId, data }];
}

function complete(tx: KnownTransaction, c: TradingCommandOf<'CompletePurchase'>): TradingEvent[] {
  assertBuyerSide(c.actor, tx);
  if (tx.status === 'quoted' || tx.status === 'initiated') {
    throw new TradingError('notAuthorized', { transactionId: tx.transactionId });
  }
  if (tx.status !== 'authorized') throw wrongStatus(tx, 'complete');
  const data = { ...partiesOf(tx), quote: tx.quote, completedAt: c.now };
  return [{ type: 'TransactionCompleted', commandId: c.commandId, data }];
}

function cancel(tx: KnownTransaction, c: TradingCommandOf<'CancelPurchase'>): TradingEvent[] {
  assertBuyerSide(c.actor, tx, true);
  if (tx.status !== 'quoted' && tx.status !== 'initiated' && tx.status !== 'authorized') {
    throw wrongStatus(tx, 'cancel');
  }
  const data = { transactionId: tx.transactionId, reason: c.reason, cancelledAt: c.now };
  return [{ type: 'TransactionCancelled', commandId: c.commandId, data }];
}

/** Shared by the buyer's refund command and payments' report of a refund it made. */
function refund(
  tx: KnownTransaction,
  c: TradingCommand,
  refundId: string,
  amountMinor: number,
  reason: string,
): TradingEvent[] {
  if (c.type === 'RefundPurchase') assertBuyerSide(c.actor, tx, true);
  if (tx.refundIds.has(refundId)) return [];
  if (tx.status !== 'completed' && tx.status !== 'refunded') {
    if (c.type === 'RecordPaymentRefunded' && !isTerminal(tx)) throw notYet(c, tx.status);
    throw wrongStatus(tx, 'refund');
  }
  if (!isMinorUnits(amountMinor) || amountMinor === 0) throw new TradingError('badAmount');

  const already = tx.status === 'refunded' ? tx.refundedMinor : 0;
  const remainingMinor = tx.capturedMinor - already;
  if (amountMinor > remainingMinor) {
    throw new TradingError('refundTooLarge', { amountMinor, remainingMinor });
  }
  const refundedTotalMinor = already + amountMinor;
  const data = {
    transactionId: tx.transactionId,
    refundId,
    amountMinor,
    currency: tx.quote.currency,
    refundedTotalMinor,
    fullyRefunded: refundedTotalMinor === tx.capturedMinor,
    reason,
    refundedAt: c.now,
  };
  return [{ type: 'TransactionRefunded', commandId: c.commandId, data }];
}

function paymentAuthorized(
  tx: KnownTransaction,
  c: TradingCommandOf<'RecordPaymentAuthorized'>,
): TradingEvent[] {
  if (tx.status === 'quoted') throw notYet(c, tx.status);
  // Stale news: already authorized (a redelivery), or the transaction ended meanwhile and
  // payments voids the authorization when it sees the cancellation or failure.
  if (tx.status !== 'initiated') return [];

  if (c.amountMinor !== tx.quote.totalMinor || c.currency !== tx.quote.currency) {
    const data = {
      transactionId: tx.transactionId,
      code: 'amount-mismatch',
      reason: 'the authorized amount differs from the quote total',
      failedAt: c.now,
    };
    return [{ type: 'TransactionFailed', commandId: c.commandId, data }];
  }
  const data = {
    transactionId: tx.transactionId,
    paymentIntentId: c.paymentIntentId,
    amountMinor: c.amountMinor,
    currency: c.currency,
    authorizedAt: c.now,
  };
  return [{ type: 'TransactionAuthorized', commandId: c.commandId, data }];
}

function paymentFailed(
  tx: KnownTransaction,
  c: TradingCommandOf<'RecordPaymentFailed'>,
): TradingEvent[] {
  if (tx.status === 'quoted') throw notYet(c, tx.status);
  // A failure reported after an authorization belongs to an earlier attempt: it changes nothing.
  if (tx.status !== 'initiated') return [];
  const data = { transactionId: tx.transactionId, code: c.code, reason: c.reason, failedAt: c.now };
  return [{ type: 'TransactionFailed', commandId: c.commandId, data }];
}

function paymentRefunded(
  tx: KnownTransaction,
  c: TradingCommandOf<'RecordPaymentRefunded'>,
): TradingEvent[] {
  return refund(tx, c, c.refundId, c.amountMinor, 'refunded by the payment provider');
}

function assertBuyable(
  lines: readonly { serviceId: string }[],
  services: readonly ServiceAvailability[],
  providerOrganizationId: string,
): void {
  const byId = new Map(services.map((s) => [s.serviceId, s]));
  for (const line of lines) {
    const service = byId.get(line.serviceId);
    const status = service?.status ?? 'unknown';
    if (status !== 'published') {
      throw new TradingError('serviceNotBuyable', { serviceId: line.serviceId, status });
    }
    if (service?.providerOrganizationId !== providerOrganizationId) {
      throw new TradingError('mixedProviders');
    }
  }
}

function partiesOf(tx: KnownTransaction) {
  return {
    transactionId: tx.transactionId,
    buyerOrganizationId: tx.buyerOrganizationId,
    providerOrganizationId: tx.providerOrganizationId,
    intermediaryOrganizationId: tx.intermediaryOrganizationId,
  };
}

function isTerminal(tx: KnownTransaction): boolean {
  return tx.status === 'cancelled' || tx.status === 'failed';
}

function wrongStatus(tx: KnownTransaction, action: string): TradingError {
  return new TradingError('wrongStatus', {
    transactionId: tx.transactionId,
    status: tx.status,
    action,
  });
}

function notYet(c: TradingCommand, status: string): TradingError {
  return new TradingError('notYet', { transactionId: c.transactionId, status, action: c.type });
}
