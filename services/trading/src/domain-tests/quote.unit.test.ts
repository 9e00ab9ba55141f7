import { describe, expect, it } from 'vitest';
import { bpsOf } from '../domain/money.ts';
import { checkQuote, freezeQuote, providerPayableOf } from '../domain/quote.ts';
import { scenario } from './transaction-fixtures.ts';

describe('money in basis points', () => {
  it('rounds half up to a whole minor unit', () => {
    expect(bpsOf(10_000, 250)).toBe(250);
    expect(bpsOf(1, 5_000)).toBe(1); // 0.5 -> 1
    expect(bpsOf(1, 4_999)).toBe(0); // 0.4999 -> 0
    expect(bpsOf(3, 5_000)).toBe(2); // 1.5 -> 2
    expect(bpsOf(199, 250)).toBe(5); // 4.975 -> 5
    expect(bpsOf(180, 250)).toBe(5); // 4.5 -> 5
    expect(bpsOf(179, 250)).toBe(4); // 4.475 -> 4
  });

  it('stays exact near the largest safe amount', () => {
    expect(bpsOf(Number.MAX_SAFE_INTEGER, 10_000)).toBe(Number.MAX_SAFE_INTEGER);
  });
});

describe('freezing a quote', () => {
  it('splits the total into fee, commission and provider payable that add up exactly', () => {
    const { quote } = scenario({
      intermediary: true,
      lines: [
        [999, 3],
        [1, 1],
      ],
    });

    expect(quote.subtotalMinor).toBe(2_998);
    expect(quote.totalMinor).toBe(2_998);
    expect(quote.platformFeeMinor).toBe(75); // 74.95 -> 75
    expect(quote.commissionMinor).toBe(150); // 149.9 -> 150
    expect(providerPayableOf(quote)).toBe(2_998 - 75 - 150);
  });

  it('rejects rates above 100 % together', () => {
    const { quote } = scenario();
    expect(() => freezeQuote({ ...quote, platformFeeBps: 6_000, commissionBps: 5_000 })).toThrow(
      /rates above 100/,
    );
  });

  it('rejects a line whose total is not unit price times quantity', () => {
    const { quote } = scenario();
    const lines = quote.lines.map((l) => ({ ...l, lineTotalMinor: l.lineTotalMinor + 1 }));
    expect(() => checkQuote({ ...quote, lines })).toThrow(/unit price times quantity/);
  });
});
