import { PaymentError } from './errors.ts';

/** The five kinds of account; each account is a kind plus its owner and a currency. */
export const AccountKinds = Object.freeze({
  buyerFunds: 'buyer_funds',
  gatewayClearing: 'gateway_clearing',
  providerPayable: 'provider_payable',
  platformRevenue: 'platform_revenue',
  commissionPayable: 'intermediary_commission_payable',
} as const);
export type AccountKind = (typeof AccountKinds)[keyof typeof AccountKinds];

/** The platform operator owns the revenue account. */
export const platformOwner = 'platform';

/**
 * `pending`: a two-phase hold, counted in pending balances only. `post_pending` posts a
 * pending entry (its postings become posted), `void_pending` releases it; each pending entry
 * is resolved at most once. `posted`: an ordinary entry.
 */
export const EntryKinds = Object.freeze({
  pending: 'pending',
  posted: 'posted',
  postPending: 'post_pending',
  voidPending: 'void_pending',
} as const);
export type EntryKind = (typeof EntryKinds)[keyof typeof EntryKinds];

/** Debits are positive, credits negative; the postings of an entry sum to zero. */
export interface Posting {
  readonly accountKind: AccountKind;
  readonly owner: string;
  readonly amountMinor: number;
}

export interface LedgerEntry {
  /** Idempotency key: the same key always means the same entry, written once. */
  readonly key: string;
  readonly kind: EntryKind;
  readonly pendingKey: string | null;
  readonly currency: string;
  readonly paymentIntentId: string;
  readonly transactionId: string;
  readonly memo: string;
  readonly postings: readonly Posting[];
}

export function accountCode(p: Pick<Posting, 'accountKind' | 'owner'>, currency: string): string {
  return `${p.accountKind}:${p.owner}:${currency}`;
}

/** Checks what a single entry must satisfy on its own: shape and balance. */
export function checkEntry(entry: LedgerEntry): void {
  const needsPending = entry.kind === 'post_pending' || entry.kind === 'void_pending';
  if (needsPending !== (entry.pendingKey !== null)) {
    invalid(entry, 'only post_pending and void_pending entries name a pending entry');
  }
  if (entry.kind === 'void_pending' && entry.postings.length > 0) {
    invalid(entry, 'a void carries no postings');
  }
  if (entry.kind !== 'void_pending' && entry.postings.length < 2) {
    invalid(entry, 'an entry needs at least two postings');
  }
  for (const p of entry.postings) {
    if (!Number.isSafeInteger(p.amountMinor) || p.amountMinor === 0) {
      invalid(entry, 'posting amounts are non-zero safe integers');
    }
  }

  const sum = entry.postings.reduce((a, p) => a + BigInt(p.amountMinor), 0n);
  if (sum !== 0n) {
    throw new PaymentError('PAYMENTS_LEDGER_UNBALANCED', { key: entry.key, sum: String(sum) });
  }
}

function invalid(entry: LedgerEntry, reason: string): never {
  throw new PaymentError('PAYMENTS_LEDGER_ENTRY_INVALID', { key: entry.key, reason });
}

/** Whether two entries with one key are the same entry (a replay) rather than a conflict. */
export function sameEntry(a: LedgerEntry, b: LedgerEntry): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

function canonical(e: LedgerEntry) {
  const postings = [...e.postings]
    .map((p) => [p.accountKind, p.owner, p.amountMinor] as const)
    .sort((x, y) => (x.join('|') < y.join('|') ? -1 : 1));
  return [e.key, e.kind, e.pendingKey, e.currency, e.paymentIntentId, e.transactionId, postings];
}
