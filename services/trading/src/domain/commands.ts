import type { Actor, FrozenQuote, Parties, ServiceAvailability } from './types.ts';

interface Base {
  /** Makes the command idempotent: a second command with this id changes nothing. */
  commandId: string;
  transactionId: string;
  /** ISO 8601; the caller's clock, passed in so that the domain stays pure. */
  now: string;
}

export type TradingCommand =
  | (Base & {
      type: 'QuotePurchase';
      actor: Actor;
      parties: Parties;
      quote: FrozenQuote;
      services: ServiceAvailability[];
    })
  | (Base & { type: 'InitiatePurchase'; actor: Actor; services: ServiceAvailability[] })
  | (Base & { type: 'CompletePurchase'; actor: Actor })
  | (Base & { type: 'CancelPurchase'; actor: Actor; reason: string })
  | (Base & {
      type: 'RefundPurchase';
      actor: Actor;
      refundId: string;
      amountMinor: number;
      reason: string;
    })
  | (Base & {
      type: 'RecordPaymentAuthorized';
      paymentIntentId: string;
      amountMinor: number;
      currency: string;
    })
  | (Base & { type: 'RecordPaymentFailed'; code: string; reason: string })
  | (Base & {
      type: 'RecordPaymentRefunded';
      refundId: string;
      amountMinor: number;
      currency: string;
    });

export type TradingCommandType = TradingCommand['type'];
export type TradingCommandOf<T extends TradingCommandType> = Extract<TradingCommand, { type: T }>;
