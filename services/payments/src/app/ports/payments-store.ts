import type { LedgerEntry } from '../../domain/ledger.ts';
import type { PaymentFact, PaymentIntent } from '../../domain/payment-intent.ts';

export interface IntentRecord {
  readonly intent: PaymentIntent;
  readonly createdByUserId: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export type IntentLookup =
  | { readonly id: string }
  | { readonly transactionId: string }
  | { readonly gateway: string; readonly gatewayPaymentId: string };

/** An intent that waits at its gateway longer than it should, and how often it was looked at. */
export interface StaleIntent {
  readonly record: IntentRecord;
  /** Looks at its gateway that changed nothing or failed so far. */
  readonly checks: number;
}

export type AttemptOutcome = 'accepted' | 'unavailable' | 'unknown' | 'refused';

/** Who and what caused a change: carried into the events it publishes. */
export interface Cause {
  readonly correlationId: string;
  readonly causationId?: string | null;
  readonly actor: {
    readonly userId: string | null;
    readonly organizationId: string | null;
    readonly role: 'admin' | 'provider' | 'insurer' | 'intermediary' | 'system';
  };
}

/** The payments store inside one database transaction: everything here commits together. */
export interface PaymentsUnit {
  /** Loads and row-locks an intent, so that webhooks and commands on it take turns. */
  lockIntent(by: IntentLookup): Promise<IntentRecord | undefined>;
  /**
   * Row-locks the intent that has been `processing` the longest, at least `olderThanMs`, whose
   * next look is due, at none of `skipGateways`. Rows another transaction holds are skipped,
   * so replicas sweeping at once take different intents.
   */
  claimStaleIntent(
    olderThanMs: number,
    skipGateways: readonly string[],
  ): Promise<StaleIntent | undefined>;
  /** Counts a look that changed nothing and puts the next one `delayMs` from now. */
  deferSweep(intentId: string, checks: number, delayMs: number): Promise<void>;
  insertIntent(intent: PaymentIntent, createdByUserId: string | null): Promise<boolean>;
  saveIntent(intent: PaymentIntent): Promise<void>;
  /** Writes entries once each; a replayed key with the same content is skipped. */
  writeEntries(entries: readonly LedgerEntry[]): Promise<void>;
  recordAttempt(
    intentId: string,
    gateway: string,
    outcome: AttemptOutcome,
    ref: string | null,
  ): Promise<void>;
  attempts(intentId: string): Promise<{ gateway: string; outcome: AttemptOutcome }[]>;
  /** True when the event is new; the record commits with its effect or not at all. */
  recordGatewayEvent(gateway: string, eventId: string, type: string): Promise<boolean>;
  /** True when the refund is new. */
  insertRefund(refundId: string, intentId: string, amountMinor: number): Promise<boolean>;
  refunds(intentId: string): Promise<{ id: string; amountMinor: number; applied: boolean }[]>;
  markRefundApplied(refundId: string): Promise<void>;
  /** Stages the facts of an outcome as integration events in the outbox. */
  publish(intent: PaymentIntent, facts: readonly PaymentFact[], cause: Cause): Promise<void>;
  routingOf(organizationId: string): Promise<readonly string[] | undefined>;
  setRouting(organizationId: string, gateways: readonly string[]): Promise<void>;
  /**
   * Claims an idempotency key for this transaction. A concurrent claim of the same key waits
   * for this transaction to end, then sees what it stored.
   */
  claimIdempotencyKey(
    organizationId: string,
    key: string,
    requestHash: string,
  ): Promise<IdempotencyClaim>;
  completeIdempotencyKey(
    organizationId: string,
    key: string,
    statusCode: number,
    response: unknown,
  ): Promise<void>;
}

export type IdempotencyClaim =
  | { readonly state: 'claimed' }
  | {
      readonly state: 'replay';
      readonly requestHash: string;
      readonly statusCode: number;
      readonly response: unknown;
    };

export interface PaymentsStore {
  unit<T>(work: (unit: PaymentsUnit) => Promise<T>): Promise<T>;
}
