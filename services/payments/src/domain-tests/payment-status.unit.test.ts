import { describe, expect, it } from 'vitest';
import { assertMove, canMove, paymentStatusList } from '../domain/payment-status.ts';

describe('payment status machine', () => {
  it('moves forward along the happy path', () => {
    expect(canMove('requires_action', 'processing')).toBe(true);
    expect(canMove('processing', 'authorized')).toBe(true);
    expect(canMove('authorized', 'captured')).toBe(true);
    expect(canMove('captured', 'partially_refunded')).toBe(true);
    expect(canMove('partially_refunded', 'partially_refunded')).toBe(true);
    expect(canMove('partially_refunded', 'refunded')).toBe(true);
  });

  it('rejects regressions and moves out of terminal states', () => {
    expect(canMove('captured', 'authorized')).toBe(false);
    expect(canMove('authorized', 'processing')).toBe(false);
    expect(canMove('processing', 'requires_action')).toBe(false);
    expect(canMove('captured', 'cancelled')).toBe(false);
    expect(canMove('authorized', 'failed')).toBe(false);
    for (const to of paymentStatusList) {
      expect(canMove('failed', to)).toBe(false);
      expect(canMove('cancelled', to)).toBe(false);
      expect(canMove('refunded', to)).toBe(false);
    }
    expect(() => assertMove('captured', 'authorized')).toThrow(
      expect.objectContaining({ code: 'PAYMENTS_INVALID_TRANSITION', category: 'rule' }),
    );
  });
});
