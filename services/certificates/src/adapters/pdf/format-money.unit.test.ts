import { describe, expect, it } from 'vitest';
import { formatMinor } from './format-money.ts';

describe('formatMinor', () => {
  it('uses the currency digits without floating point', () => {
    expect(formatMinor(92_700, 'EUR')).toBe('927.00 EUR');
    expect(formatMinor(5, 'USD')).toBe('0.05 USD');
    expect(formatMinor(1_500, 'JPY')).toBe('1,500 JPY');
    expect(formatMinor(1_234_567_891, 'BHD')).toBe('1,234,567.891 BHD');
    expect(formatMinor(Number.MAX_SAFE_INTEGER, 'USD')).toBe('90,071,992,547,409.91 USD');
  });
});
