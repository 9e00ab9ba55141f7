import { randomBytes } from 'node:crypto';

export type SandboxStatus = 'processing' | 'authorized' | 'captured' | 'failed' | 'cancelled';

export interface SandboxRefund {
  id: string;
  reference: string | null;
  amount: number;
}

/** The sandbox's own record of a payment: what a merchant reconciles against. */
export interface SandboxPayment {
  id: string;
  reference: string | null;
  amount: number;
  currency: string;
  status: SandboxStatus;
  amount_captured: number;
  amount_refunded: number;
  refunds: SandboxRefund[];
  failure: { code: string; message: string } | null;
  created: number;
}

export interface SandboxEvent {
  id: string;
  type: string;
  created: number;
  data: { payment: SandboxPayment };
}

/** How the sandbox behaves from now on; tests and the CLI change it at run time. */
export interface SandboxBehaviour {
  /** Decline every new payment (as a card issuer would). */
  decline: boolean;
  /** How long the authorization decision takes. */
  delayMs: number;
  /** Extra deliveries of every event, same event id. */
  duplicates: number;
  /** Hold events until flushed, then deliver them newest first. */
  reorder: boolean;
  /** Answer every API call with 503, as a provider in an outage does. */
  unavailable: boolean;
  /**
   * Lose every new event, as when a delivery and all its retries failed: nothing is sent, the
   * event is listed in the deliveries as `dropped`. The payment's record still changes.
   */
  drop: boolean;
}

export const defaultBehaviour: SandboxBehaviour = Object.freeze({
  decline: false,
  delayMs: 0,
  duplicates: 0,
  reorder: false,
  unavailable: false,
  drop: false,
});

export class SandboxConflict extends Error {}
export class SandboxNotFound extends Error {}
export class SandboxBadRequest extends Error {}

export function newId(prefix: string): string {
  return `${prefix}_${randomBytes(12).toString('hex')}`;
}

export function snapshot(p: SandboxPayment): SandboxPayment {
  return structuredClone(p);
}

/** The payment moves as a provider's would; a repeated request is answered, not re-applied. */
export const transitions = Object.freeze({
  capture(p: SandboxPayment, amount: number): boolean {
    if (p.status === 'captured') return false;
    if (p.status !== 'authorized') throw new SandboxConflict(`cannot capture ${p.status}`);
    if (!Number.isSafeInteger(amount) || amount <= 0 || amount > p.amount) {
      throw new SandboxBadRequest('bad capture amount');
    }
    p.status = 'captured';
    p.amount_captured = amount;
    return true;
  },

  cancel(p: SandboxPayment): boolean {
    if (p.status === 'cancelled') return false;
    if (p.status !== 'processing' && p.status !== 'authorized') {
      throw new SandboxConflict(`cannot cancel ${p.status}`);
    }
    p.status = 'cancelled';
    return true;
  },

  refund(p: SandboxPayment, amount: number, reference: string | null): boolean {
    if (reference && p.refunds.some((r) => r.reference === reference)) return false;
    if (p.status !== 'captured') throw new SandboxConflict(`cannot refund ${p.status}`);
    if (!Number.isSafeInteger(amount) || amount <= 0) throw new SandboxBadRequest('bad amount');
    if (p.amount_refunded + amount > p.amount_captured) {
      throw new SandboxConflict('refund exceeds the captured amount');
    }
    p.refunds.push({ id: newId('sbr'), reference, amount });
    p.amount_refunded += amount;
    return true;
  },
});
