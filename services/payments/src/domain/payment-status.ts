import { PaymentError } from './errors.ts';

export const PaymentStatuses = Object.freeze({
  requiresAction: 'requires_action',
  processing: 'processing',
  authorized: 'authorized',
  captured: 'captured',
  partiallyRefunded: 'partially_refunded',
  refunded: 'refunded',
  failed: 'failed',
  cancelled: 'cancelled',
} as const);
export type PaymentStatus = (typeof PaymentStatuses)[keyof typeof PaymentStatuses];
export const paymentStatusList = Object.values(PaymentStatuses) as readonly PaymentStatus[];

/**
 * The only moves a payment makes. Everything else, a step back included, is rejected: a late
 * "authorized" after "captured" must not reopen the hold. A partial refund may repeat.
 */
const moves: Readonly<Record<PaymentStatus, readonly PaymentStatus[]>> = Object.freeze({
  requires_action: ['processing', 'authorized', 'failed', 'cancelled'],
  processing: ['authorized', 'failed', 'cancelled'],
  authorized: ['captured', 'cancelled'],
  captured: ['partially_refunded', 'refunded'],
  partially_refunded: ['partially_refunded', 'refunded'],
  refunded: [],
  failed: [],
  cancelled: [],
});

export function canMove(from: PaymentStatus, to: PaymentStatus): boolean {
  return moves[from].includes(to);
}

export function assertMove(from: PaymentStatus, to: PaymentStatus): void {
  if (!canMove(from, to)) throw new PaymentError('PAYMENTS_INVALID_TRANSITION', { from, to });
}

export function isTerminal(status: PaymentStatus): boolean {
  return moves[status].length === 0;
}

/** Whether money may still be routed to another gateway: nothing was authorized yet. */
export function beforeMoneyMoves(status: PaymentStatus): boolean {
  return status === 'requires_action' || status === 'processing';
}
