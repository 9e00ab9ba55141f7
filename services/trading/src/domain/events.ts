import type { FrozenQuote, Parties } from './types.ts';

/**
 * The Transaction stream's events. Each carries the id of the command that caused it, which
 * makes every transition idempotent. All but TransactionQuoted are integration events too.
 */
export type TradingEvent =
  | {
      type: 'TransactionQuoted';
      commandId: string;
      data: Parties & { transactionId: string; quote: FrozenQuote; quotedAt: string };
    }
  | {
      type: 'TransactionInitiated';
      commandId: string;
      data: Parties & { transactionId: string; quote: FrozenQuote; initiatedAt: string };
    }
  | {
      type: 'TransactionAuthorized';
      commandId: string;
      data: {
        transactionId: string;
        paymentIntentId: string;
        amountMinor: number;
        currency: string;
        authorizedAt: string;
      };
    }
  | {
      type: 'TransactionCompleted';
      commandId: string;
      data: Parties & { transactionId: string; quote: FrozenQuote; completedAt: string };
    }
  | {
      type: 'TransactionCancelled';
      commandId: string;
      data: { transactionId: string; reason: string; cancelledAt: string };
    }
  | {
      type: 'TransactionFailed';
      commandId: string;
      data: { transactionId: string; code: string; reason: string; failedAt: string };
    }
  | {
      type: 'TransactionRefunded';
      commandId: string;
      data: {
        transactionId: string;
        refundId: string;
        amountMinor: number;
        currency: string;
        refundedTotalMinor: number;
        fullyRefunded: boolean;
        reason: string;
        refundedAt: string;
      };
    };

export type TradingEventType = TradingEvent['type'];
export type TradingEventOf<T extends TradingEventType> = Extract<TradingEvent, { type: T }>;
