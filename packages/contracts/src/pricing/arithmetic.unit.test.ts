import { describe, expect, it } from 'vitest';
import { allocateByShares, multiplySafe, scaleByBps } from './arithmetic.ts';

describe('scaleByBps', () => {
  it('rounds exact halves up', () => {
    expect(scaleByBps(1001, 5_000)).toBe(501);
    expect(scaleByBps(1, 5_000)).toBe(1);
    expect(scaleByBps(3, 5_000)).toBe(2);
  });

  it('rounds below a half down and above a half up', () => {
    expect(scaleByBps(999, 8_500)).toBe(849);
    expect(scaleByBps(1_003, 8_500)).toBe(853);
    expect(scaleByBps(10_001, 1)).toBe(1);
    expect(scaleByBps(4_999, 1)).toBe(0);
  });

  it('keeps precision at the top of the safe range', () => {
    expect(scaleByBps(Number.MAX_SAFE_INTEGER, 10_000)).toBe(Number.MAX_SAFE_INTEGER);
    expect(scaleByBps(9_007_199_254_740_000, 5_000)).toBe(4_503_599_627_370_000);
  });
});

describe('multiplySafe', () => {
  it('multiplies within the safe range and refuses beyond it', () => {
    expect(multiplySafe(12_345, 7)).toBe(86_415);
    expect(multiplySafe(Number.MAX_SAFE_INTEGER, 2)).toBeUndefined();
  });
});

describe('allocateByShares', () => {
  it('gives leftover units to the largest remainders so parts sum to the total', () => {
    expect(allocateByShares(100, [3_333, 3_333, 3_334])).toEqual([33, 33, 34]);
    expect(allocateByShares(10, [5_000, 5_000])).toEqual([5, 5]);
    expect(allocateByShares(1, [5_000, 5_000])).toEqual([1, 0]);
  });

  it('sums to the total for many totals and share sets', () => {
    const shareSets = [
      [10_000],
      [1, 9_999],
      [3_333, 3_333, 3_334],
      [1_250, 2_500, 6_250],
      [7, 13, 9_980],
    ];
    for (const shares of shareSets) {
      for (const total of [0, 1, 2, 7, 99, 1_001, 123_457, 9_999_999_999]) {
        const parts = allocateByShares(total, shares);
        expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
        expect(parts.every((part) => Number.isInteger(part) && part >= 0)).toBe(true);
      }
    }
  });
});
