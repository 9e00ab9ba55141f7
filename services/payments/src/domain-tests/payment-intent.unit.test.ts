import { describe, expect, it } from 'vitest';
import { LedgerBook } from '../domain/ledger-book.ts';
import { authorize, cancel, capture, fail, refund, submit } from '../domain/payment-intent.ts';
import { splitFromQuote, splitFromRates } from '../domain/split.ts';
import { anIntent } from './fixtures.ts';

describe('a payment intent', () => {
  it('authorizes as a pending hold and captures into the frozen split', () => {
    const book = new LedgerBook();
    const a = authorize(submit(anIntent(), 'sandbox', 'pay_1').intent, null);
    for (const e of a.entries) book.apply(e);
    expect(a.intent.status).toBe('authorized');
    expect(book.balances('posted').size).toBe(0);
    expect(book.balances('pending').get('gateway_clearing:sandbox:USD')).toBe(10_000);

    const c = capture(a.intent);
    for (const e of c.entries) book.apply(e);
    const posted = book.balances('posted');
    expect(posted.get('gateway_clearing:sandbox:USD')).toBe(10_000);
    expect(posted.get('provider_payable:provider-org:USD')).toBe(-9_650);
    expect(posted.get('platform_revenue:platform:USD')).toBe(-250);
    expect(posted.get('intermediary_commission_payable:broker-org:USD')).toBe(-100);
    expect(posted.get('buyer_funds:buyer-org:USD')).toBe(0);
    expect(book.balances('pending').size).toBe(0);
    expect(c.events.map((e) => e.type)).toEqual(['captured', 'commission-settled']);
  });

  it('voids the hold on cancel and writes nothing when cancelled before authorization', () => {
    const book = new LedgerBook();
    const a = authorize(anIntent(), 'pay_2');
    for (const e of a.entries) book.apply(e);
    const c = cancel(a.intent);
    for (const e of c.entries) book.apply(e);
    expect(c.intent.status).toBe('cancelled');
    expect(book.balances('pending').size).toBe(0);
    expect(book.balances('posted').size).toBe(0);
    expect(cancel(anIntent()).entries).toEqual([]);
  });

  it('leaves the ledger untouched when declined', () => {
    const f = fail(submit(anIntent(), 'sandbox', 'pay_3').intent, 'card_declined', 'declined');
    expect(f.intent.status).toBe('failed');
    expect(f.entries).toEqual([]);
    expect(() => authorize(f.intent, null)).toThrow(/cannot move/);
  });

  it('refunds proportionally, never beyond the capture, and reverses exactly when full', () => {
    const book = new LedgerBook();
    const a = authorize(anIntent({ total: 1_000, fee: 33, commission: 17 }), null);
    for (const e of a.entries) book.apply(e);
    const c = capture(a.intent);
    for (const e of c.entries) book.apply(e);

    const r1 = refund(c.intent, 'r1', 333);
    expect(r1.intent.status).toBe('partially_refunded');
    expect(r1.events[0]).toMatchObject({
      parts: { providerMinor: 316, platformFeeMinor: 11, commissionMinor: 6 },
    });
    for (const e of r1.entries) book.apply(e);
    expect(() => refund(r1.intent, 'r2', 668)).toThrow(
      expect.objectContaining({ code: 'PAYMENTS_REFUND_EXCEEDS_CAPTURE' }),
    );

    const r2 = refund(r1.intent, 'r2', 667);
    for (const e of r2.entries) book.apply(e);
    expect(r2.intent.status).toBe('refunded');
    const posted = book.balances('posted');
    for (const [account, balance] of posted) expect([account, balance]).toEqual([account, 0]);
    expect(() => refund(r2.intent, 'r3', 1)).toThrow(/cannot move/);
  });

  it('refuses a refund before capture and a capture twice', () => {
    const a = authorize(anIntent(), null);
    expect(() => refund(a.intent, 'r', 1)).toThrow(/cannot move/);
    expect(() => capture(capture(a.intent).intent)).toThrow(/cannot move/);
  });
});

describe('the frozen split', () => {
  it('pays the provider the total less fee and commission', () => {
    const s = splitFromQuote(
      {
        totalMinor: 10_000,
        platformFeeBps: 300,
        platformFeeMinor: 300,
        commissionBps: 0,
        commissionMinor: 0,
      },
      false,
    );
    expect(s.providerMinor).toBe(9_700);
  });

  it('rejects a split that exceeds the total or pays commission to nobody', () => {
    const q = {
      totalMinor: 100,
      platformFeeBps: 9_000,
      platformFeeMinor: 90,
      commissionBps: 2_000,
      commissionMinor: 20,
    };
    expect(() => splitFromQuote(q, true)).toThrow(/exceed/);
    expect(() => splitFromQuote({ ...q, platformFeeMinor: 10 }, false)).toThrow(/intermediary/);
  });

  it('derives amounts from rates, half up', () => {
    expect(splitFromRates(1_999, 250, 150, true)).toMatchObject({
      platformFeeMinor: 50,
      commissionMinor: 30,
      providerMinor: 1_919,
    });
  });
});
