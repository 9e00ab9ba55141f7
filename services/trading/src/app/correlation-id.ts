import { uuidv7 } from 'uuidv7';

/**
 * The contract's envelope takes a correlation id of 1 to 100 characters; trading keeps the
 * plain ones kit accepts on the way in, so every event it stores and relays can be parsed by
 * its consumers.
 */
const plainId = /^[A-Za-z0-9._:-]{1,100}$/;

export function isValidCorrelationId(value: unknown): value is string {
  return typeof value === 'string' && plainId.test(value);
}

/** The caller's id when it fits the contract, else a fresh one (`replaced` says which). */
export function correlationIdOf(value: unknown): { correlationId: string; replaced: boolean } {
  return isValidCorrelationId(value)
    ? { correlationId: value, replaced: false }
    : { correlationId: uuidv7(), replaced: true };
}
