import { PaymentError } from './errors.ts';

/** Throws unless the amount is a non-negative safe integer of minor units. */
export function assertMinor(amount: number): void {
  if (!Number.isSafeInteger(amount) || amount < 0) {
    throw new PaymentError('PAYMENTS_INVALID_AMOUNT', { amount: String(amount) });
  }
}

/**
 * ISO 4217 codes in circulation, as the runtime's ICU data lists them: a three-letter code
 * that names no currency (e.g. `ZZZ`) cannot be charged at any gateway, so it moves no money.
 */
const knownCurrencies: ReadonlySet<string> = new Set(Intl.supportedValuesOf('currency'));

export function assertKnownCurrency(currency: string): void {
  if (!knownCurrencies.has(currency)) {
    throw new PaymentError('PAYMENTS_CURRENCY_UNKNOWN', { currency });
  }
}

/**
 * `amount × bps / 10 000` rounded half up, in exact integer arithmetic. Used only where a
 * caller gives rates without amounts; frozen quotes carry their amounts already.
 */
export function applyBasisPoints(amount: number, bps: number): number {
  assertMinor(amount);
  const scaled = BigInt(amount) * BigInt(bps);
  return Number((scaled + 5_000n) / 10_000n);
}

/**
 * Splits `total` over `weights` in proportion, largest remainder (Hamilton): each part gets
 * the floor of its exact quota, then the units still missing go one each to the parts with
 * the largest remainders, ties to the lower index. The parts always sum to `total` exactly,
 * and no part exceeds the ceiling of its quota, so with total ≤ sum(weights) no part exceeds
 * its weight. BigInt keeps `total × weight` exact beyond 2^53.
 */
export function allocate(total: number, weights: readonly number[]): number[] {
  assertMinor(total);
  const sum = weights.reduce((a, w) => a + BigInt(w), 0n);
  if (sum === 0n) {
    if (total !== 0) throw new PaymentError('PAYMENTS_INVALID_AMOUNT', { amount: total });
    return weights.map(() => 0);
  }

  const exact = weights.map((w) => BigInt(total) * BigInt(w));
  const parts = exact.map((e) => e / sum);
  const remainders = exact.map((e, index) => ({ index, rest: e % sum }));

  let missing = BigInt(total) - parts.reduce((a, p) => a + p, 0n);
  remainders.sort((a, b) => (a.rest === b.rest ? a.index - b.index : a.rest > b.rest ? -1 : 1));
  for (const { index } of remainders) {
    if (missing === 0n) break;
    parts[index] = (parts[index] ?? 0n) + 1n;
    missing -= 1n;
  }
  return parts.map(Number);
}
