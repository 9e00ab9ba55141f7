import type { TradingEvent } from './events.ts';
import type { FrozenQuote, Parties } from './types.ts';

interface Known extends Parties {
  transactionId: string;
  quote: FrozenQuote;
  /** Ids of the commands already applied; a repeat is a no-op. */
  handled: ReadonlySet<string>;
  /** Ids of refunds already recorded, so that payments' confirmation changes nothing. */
  refundIds: ReadonlySet<string>;
}

export interface Payment {
  paymentIntentId: string;
  amountMinor: number;
}

/** A transaction is one of these named statuses; impossible combinations cannot be written. */
export type Transaction =
  | { status: 'none' }
  | (Known & { status: 'quoted'; quotedAt: string })
  | (Known & { status: 'initiated'; initiatedAt: string })
  | (Known & { status: 'authorized'; payment: Payment })
  | (Known & { status: 'completed'; payment: Payment; capturedMinor: number })
  | (Known & { status: 'cancelled'; reason: string; payment: Payment | null })
  | (Known & { status: 'failed'; code: string; reason: string })
  | (Known & {
      status: 'refunded';
      payment: Payment;
      capturedMinor: number;
      refundedMinor: number;
      fully: boolean;
    });

export type TransactionStatus = Transaction['status'];
export type KnownTransaction = Exclude<Transaction, { status: 'none' }>;

export const initialState: Transaction = Object.freeze({ status: 'none' });

/** Folds one event into the state. Total: an event that does not fit leaves the state as is. */
export function evolve(state: Transaction, event: TradingEvent): Transaction {
  if (event.type === 'TransactionQuoted') {
    const { transactionId, quote, quotedAt, ...parties } = event.data;
    return {
      status: 'quoted',
      transactionId,
      ...parties,
      quote,
      quotedAt,
      handled: new Set([event.commandId]),
      refundIds: new Set(),
    };
  }
  if (state.status === 'none') return state;

  const base = { ...state, handled: new Set([...state.handled, event.commandId]) };
  switch (event.type) {
    case 'TransactionInitiated':
      return { ...strip(base), status: 'initiated', initiatedAt: event.data.initiatedAt };
    case 'TransactionAuthorized':
      return {
        ...strip(base),
        status: 'authorized',
        payment: {
          paymentIntentId: event.data.paymentIntentId,
          amountMinor: event.data.amountMinor,
        },
      };
    case 'TransactionCompleted':
      return 'payment' in base && base.payment
        ? {
            ...strip(base),
            status: 'completed',
            payment: base.payment,
            capturedMinor: base.payment.amountMinor,
          }
        : base;
    case 'TransactionCancelled':
      return {
        ...strip(base),
        status: 'cancelled',
        reason: event.data.reason,
        payment: 'payment' in base ? base.payment : null,
      };
    case 'TransactionFailed':
      return { ...strip(base), status: 'failed', code: event.data.code, reason: event.data.reason };
    case 'TransactionRefunded':
      return refunded(
        base,
        event.data.refundId,
        event.data.refundedTotalMinor,
        event.data.fullyRefunded,
      );
  }
}

function refunded(
  state: KnownTransaction,
  refundId: string,
  total: number,
  fully: boolean,
): Transaction {
  if (state.status !== 'completed' && state.status !== 'refunded') return state;
  return {
    ...strip(state),
    status: 'refunded',
    payment: state.payment,
    capturedMinor: state.capturedMinor,
    refundedMinor: total,
    fully,
    refundIds: new Set([...state.refundIds, refundId]),
  };
}

/** The fields every known status shares, without those of the status being left. */
function strip(state: KnownTransaction): Known {
  return {
    transactionId: state.transactionId,
    buyerOrganizationId: state.buyerOrganizationId,
    providerOrganizationId: state.providerOrganizationId,
    intermediaryOrganizationId: state.intermediaryOrganizationId,
    quote: state.quote,
    handled: state.handled,
    refundIds: state.refundIds,
  };
}

/** Rebuilds a transaction from its events, oldest first. */
export function fold(events: readonly TradingEvent[]): Transaction {
  return events.reduce(evolve, initialState);
}
