/**
 * Integer money arithmetic for pricing. Every intermediate product is a bigint, so a unit price
 * near Number.MAX_SAFE_INTEGER times 20,000 basis points cannot lose precision.
 *
 * Rounding rule: a basis-point product is rounded half up, i.e. to the nearest minor unit with
 * exact halves going up (away from zero; every operand here is non-negative).
 */

const BPS_DENOMINATOR = 10_000n;

/** `amount * bps / 10,000`, rounded half up. Both operands must be non-negative integers. */
export function scaleByBps(amountMinor: number, bps: number): number {
  const product = BigInt(amountMinor) * BigInt(bps);
  const rounded = (product * 2n + BPS_DENOMINATOR) / (BPS_DENOMINATOR * 2n);
  return Number(rounded);
}

/** `amount * quantity`, or undefined when the result leaves the safe integer range. */
export function multiplySafe(amountMinor: number, quantity: number): number | undefined {
  const product = amountMinor * quantity;
  return Number.isSafeInteger(product) ? product : undefined;
}

/**
 * Splits `total` by shares in basis points that sum to 10,000, so that the parts sum to `total`
 * exactly: each part gets its floor, then the leftover minor units go one each to the parts with
 * the largest remainders (ties to the earlier part). This is the largest remainder method.
 */
export function allocateByShares(totalMinor: number, sharesBps: readonly number[]): number[] {
  const total = BigInt(totalMinor);
  const exact = sharesBps.map((share) => total * BigInt(share));
  const parts = exact.map((value) => value / BPS_DENOMINATOR);
  const allocated = parts.reduce((sum, part) => sum + part, 0n);

  let leftover = Number(total - allocated);
  const byRemainder = exact
    .map((value, index) => ({ index, remainder: value % BPS_DENOMINATOR }))
    .sort((a, b) =>
      a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1,
    );

  for (const { index } of byRemainder) {
    if (leftover <= 0) break;
    parts[index] = (parts[index] ?? 0n) + 1n;
    leftover -= 1;
  }

  return parts.map(Number);
}
