import { describe, expect, it } from 'vitest';
import type { LedgerEntry } from '../domain/ledger.ts';
import { LedgerBook } from '../domain/ledger-book.ts';

function hold(key: string, amount = 100): LedgerEntry {
  return {
    key,
    kind: 'pending',
    pendingKey: null,
    currency: 'EUR',
    paymentIntentId: 'i',
    transactionId: 't',
    memo: 'hold',
    postings: [
      { accountKind: 'buyer_funds', owner: 'b', amountMinor: -amount },
      { accountKind: 'gateway_clearing', owner: 'g', amountMinor: amount },
    ],
  };
}

describe('ledger book', () => {
  it('rejects an entry whose postings do not sum to zero', () => {
    const book = new LedgerBook();
    const bad = {
      ...hold('a'),
      postings: [...hold('a').postings.slice(0, 1), hold('a').postings[0]!],
    };
    expect(() => book.apply(bad)).toThrow(
      expect.objectContaining({ code: 'PAYMENTS_LEDGER_UNBALANCED' }),
    );
    expect(book.entries()).toHaveLength(0);
  });

  it('replays the same key as a no-op and refuses a different entry under it', () => {
    const book = new LedgerBook();
    expect(book.apply(hold('k'))).toBe('applied');
    expect(book.apply(hold('k'))).toBe('replayed');
    expect(() => book.apply(hold('k', 200))).toThrow(
      expect.objectContaining({ code: 'PAYMENTS_LEDGER_ENTRY_CONFLICT' }),
    );
    expect(book.entries()).toHaveLength(1);
  });

  it('resolves a pending entry once: posted or voided, never both', () => {
    const book = new LedgerBook();
    book.apply(hold('p'));
    expect(book.balances('pending').get('gateway_clearing:g:EUR')).toBe(100);
    expect(book.balances('posted').size).toBe(0);

    book.apply({ ...hold('post'), kind: 'post_pending', pendingKey: 'p' });
    expect(book.balances('pending').size).toBe(0);
    expect(book.balances('posted').get('gateway_clearing:g:EUR')).toBe(100);

    const voiding: LedgerEntry = {
      ...hold('v'),
      kind: 'void_pending',
      pendingKey: 'p',
      postings: [],
    };
    expect(() => book.apply(voiding)).toThrow(
      expect.objectContaining({ code: 'PAYMENTS_PENDING_ALREADY_RESOLVED' }),
    );
    expect(() => book.apply({ ...voiding, key: 'v2', pendingKey: 'nope' })).toThrow(
      expect.objectContaining({ code: 'PAYMENTS_PENDING_NOT_FOUND' }),
    );
  });

  it('refuses zero or fractional postings and a void with postings', () => {
    const book = new LedgerBook();
    const zero = {
      ...hold('z'),
      postings: [
        { accountKind: 'buyer_funds' as const, owner: 'b', amountMinor: 0 },
        { accountKind: 'gateway_clearing' as const, owner: 'g', amountMinor: 0 },
      ],
    };
    expect(() => book.apply(zero)).toThrow(/non-zero/);
    expect(() => book.apply({ ...hold('v'), kind: 'void_pending', pendingKey: 'x' })).toThrow(
      /no postings/,
    );
  });
});
