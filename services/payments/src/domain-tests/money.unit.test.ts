import { describe, expect, it } from 'vitest';
import { allocate, applyBasisPoints } from '../domain/money.ts';

describe('allocate (largest remainder)', () => {
  it('gives the leftover units to the largest remainders', () => {
    expect(allocate(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(allocate(10, [7, 2, 1])).toEqual([7, 2, 1]);
    expect(allocate(5, [7, 2, 1])).toEqual([4, 1, 0]);
  });

  it('breaks ties towards the lower index', () => {
    expect(allocate(1, [5, 5])).toEqual([1, 0]);
    expect(allocate(3, [1, 1, 1, 1])).toEqual([1, 1, 1, 0]);
  });

  it('stays exact beyond 2^53 products', () => {
    const big = Number.MAX_SAFE_INTEGER;
    const parts = allocate(big, [big - 2, 1, 1]);
    expect(parts.reduce((a, b) => a + b, 0)).toBe(big);
    expect(parts).toEqual([big - 2, 1, 1]);
  });

  it('refuses fractions and a total with nothing to split over', () => {
    expect(() => allocate(1.5, [1])).toThrow(/invalid/);
    expect(() => allocate(1, [0, 0])).toThrow(/invalid/);
    expect(allocate(0, [0, 0])).toEqual([0, 0]);
  });
});

describe('applyBasisPoints', () => {
  it('rounds half up', () => {
    expect(applyBasisPoints(10_000, 250)).toBe(250);
    expect(applyBasisPoints(1, 5_000)).toBe(1);
    expect(applyBasisPoints(1, 4_999)).toBe(0);
    expect(applyBasisPoints(333, 1_000)).toBe(33);
  });
});
