import { EventStoreError, EventStoreErrorCodes } from './errors.ts';
import type { GlobalPosition } from './types.ts';

/** Before the first event: `readAll(startPosition, n)` reads from the beginning. */
export const startPosition: GlobalPosition = Object.freeze({ commit: 0n, prepare: 0n });

export function comparePositions(a: GlobalPosition, b: GlobalPosition): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  if (a.prepare !== b.prepare) return a.prepare < b.prepare ? -1 : 1;
  return 0;
}

/** `commit:prepare`, for checkpoints stored as text and for cursors. */
export function formatPosition(position: GlobalPosition): string {
  return `${position.commit}:${position.prepare}`;
}

export function parsePosition(text: string): GlobalPosition {
  const match = /^(\d{1,20}):(\d{1,20})$/.exec(text);
  if (!match) {
    throw new EventStoreError(
      EventStoreErrorCodes.invalidPosition,
      'validation',
      'a position is written commit:prepare',
    );
  }
  return { commit: BigInt(match[1]!), prepare: BigInt(match[2]!) };
}

/** Expected versions arrive as numbers or bigints; inside, versions are safe integers. */
export function toVersion(value: number | bigint): number {
  const n = typeof value === 'bigint' ? Number(value) : value;
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new EventStoreError(
      EventStoreErrorCodes.invalidAppend,
      'validation',
      'an expected version is a non-negative integer',
    );
  }
  return n;
}
