import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { BusError, categoryOf, codeOf, isRetryable } from './errors.ts';

describe('error categories', () => {
  it('retries unknown errors and unavailable ones, never validation or rule errors', () => {
    const withCategory = (category: string) => Object.assign(new Error('x'), { category });

    expect(isRetryable(new Error('connection reset'))).toBe(true);
    expect(isRetryable(withCategory('unavailable'))).toBe(true);
    expect(isRetryable(withCategory('conflict'))).toBe(true);
    expect(isRetryable(withCategory('validation'))).toBe(false);
    expect(isRetryable(withCategory('rule'))).toBe(false);
    expect(categoryOf(withCategory('made-up'))).toBeUndefined();
    expect(isRetryable(z.int().safeParse('x').error)).toBe(false);
  });

  it('fills the message template and keeps a stable code', () => {
    const error = new BusError('BUS_HANDLER_TIMEOUT', { type: 'hcts.a.b.v1', timeoutMs: 50 });

    expect(error.message).toBe('handler for hcts.a.b.v1 took longer than 50 ms');
    expect(codeOf(error)).toBe('BUS_HANDLER_TIMEOUT');
    expect(error.category).toBe('unavailable');
    expect(codeOf(new TypeError('x'))).toBe('TypeError');
  });
});
