/**
 * `amount * bps / 10,000` rounded half up (exact halves go up), computed in bigint so that no
 * amount in the safe integer range loses precision. Operands are non-negative integers.
 */
export function bpsOf(amountMinor: number, bps: number): number {
  const product = BigInt(amountMinor) * BigInt(bps);
  return Number((product * 2n + 10_000n) / 20_000n);
}

export function isMinorUnits(value: number): boolean {
  return Number.isSafeInteger(value) && value >= 0;
}
