import { PaymentError } from './errors.ts';
import { accountCode, checkEntry, type LedgerEntry, sameEntry } from './ledger.ts';

export type ApplyResult = 'applied' | 'replayed';

/**
 * The ledger's rules over a set of entries, in memory: what the Postgres adapter enforces
 * with constraints, stated once so that tests and property tests can drive it directly.
 */
export class LedgerBook {
  readonly #entries = new Map<string, LedgerEntry>();
  readonly #resolved = new Map<string, string>();

  apply(entry: LedgerEntry): ApplyResult {
    checkEntry(entry);
    const existing = this.#entries.get(entry.key);
    if (existing) {
      if (sameEntry(existing, entry)) return 'replayed';
      throw new PaymentError('PAYMENTS_LEDGER_ENTRY_CONFLICT', { key: entry.key });
    }
    if (entry.pendingKey !== null) this.#resolve(entry, entry.pendingKey);

    this.#entries.set(entry.key, entry);
    return 'applied';
  }

  #resolve(entry: LedgerEntry, pendingKey: string): void {
    const pending = this.#entries.get(pendingKey);
    if (pending?.kind !== 'pending') {
      throw new PaymentError('PAYMENTS_PENDING_NOT_FOUND', { key: pendingKey });
    }
    if (this.#resolved.has(pendingKey)) {
      throw new PaymentError('PAYMENTS_PENDING_ALREADY_RESOLVED', { key: pendingKey });
    }
    this.#resolved.set(pendingKey, entry.key);
  }

  entries(): readonly LedgerEntry[] {
    return [...this.#entries.values()];
  }

  /** Posted balances by account code; pending entries count only until resolved, and apart. */
  balances(which: 'posted' | 'pending' = 'posted'): Map<string, number> {
    const out = new Map<string, number>();
    for (const e of this.#entries.values()) {
      const counts =
        which === 'posted'
          ? e.kind === 'posted' || e.kind === 'post_pending'
          : e.kind === 'pending' && !this.#resolved.has(e.key);
      if (!counts) continue;
      for (const p of e.postings) {
        const code = accountCode(p, e.currency);
        out.set(code, (out.get(code) ?? 0) + p.amountMinor);
      }
    }
    return out;
  }

  /** Sum of all postings per currency, posted and pending alike; zero in a sound ledger. */
  totalsByCurrency(): Map<string, bigint> {
    const out = new Map<string, bigint>();
    for (const e of this.#entries.values()) {
      for (const p of e.postings) {
        out.set(e.currency, (out.get(e.currency) ?? 0n) + BigInt(p.amountMinor));
      }
    }
    return out;
  }
}
