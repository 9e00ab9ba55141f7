import type { AccountKind, EntryKind } from '../../domain/ledger.ts';
import type { IntentRecord } from './payments-store.ts';

export interface Balance {
  accountKind: AccountKind;
  owner: string;
  currency: string;
  /** Debits positive, credits negative: what the platform owes an owner is negative. */
  postedMinor: number;
  pendingMinor: number;
}

export interface StatementLine {
  entryId: string;
  entryKind: EntryKind;
  memo: string;
  transactionId: string;
  paymentIntentId: string;
  accountKind: AccountKind;
  currency: string;
  amountMinor: number;
  at: string;
}

/** Reads outside any command: what the query endpoints show. */
export interface PaymentsReader {
  intent(id: string): Promise<IntentRecord | undefined>;
  /** Intents the user started; only those where `organizationId` is a party, unless null. */
  history(userId: string, organizationId: string | null, limit: number): Promise<IntentRecord[]>;
  balances(owner: string | null): Promise<Balance[]>;
  statement(owner: string, limit: number): Promise<StatementLine[]>;
  waitingForGateway(limit: number): Promise<string[]>;
}
