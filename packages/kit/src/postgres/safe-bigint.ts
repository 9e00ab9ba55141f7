import pg from 'pg';

const int8 = pg.types.builtins.INT8;
const int8Array = 1016 as typeof int8;
const integerText = /^-?\d+$/;

/** Thrown when a bigint column holds a value a JS number cannot represent exactly. */
export class UnsafeBigintError extends RangeError {
  constructor() {
    super('a bigint value is outside the safe integer range of a JS number');
    this.name = 'UnsafeBigintError';
  }
}

/**
 * Policy for `bigint` columns: they come back as JS numbers when exactly representable
 * (|n| <= 2^53 - 1, which covers any amount in minor units the contracts accept), and the
 * query fails otherwise. Losing precision silently is never an option for money.
 */
export function parseSafeBigint(text: string): number {
  const value = Number(text);
  if (!integerText.test(text) || !Number.isSafeInteger(value)) throw new UnsafeBigintError();
  return value;
}

function parseSafeBigintArray(text: string): number[] {
  const strings = pg.types.getTypeParser(int8Array, 'text')(text) as string[];
  return strings.map(parseSafeBigint);
}

/**
 * Per-pool type parsers: the policy applies to the kit's pools only, never by mutating pg's
 * process-wide parsers that other libraries in the process may rely on.
 */
export const safeTypes: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (format !== 'binary' && oid === int8) return parseSafeBigint;
    if (format !== 'binary' && oid === int8Array) return parseSafeBigintArray;
    return pg.types.getTypeParser(oid, format as 'text');
  }) as pg.CustomTypesConfig['getTypeParser'],
};
