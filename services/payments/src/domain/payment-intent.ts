import { PaymentError } from './errors.ts';
import { AccountKinds, type LedgerEntry, type Posting, platformOwner } from './ledger.ts';
import { assertMove, type PaymentStatus } from './payment-status.ts';
import { addParts, noParts, type Parts, refundParts, type Split } from './split.ts';

export interface PaymentIntent {
  readonly id: string;
  readonly transactionId: string;
  readonly buyerOrganizationId: string;
  readonly providerOrganizationId: string;
  readonly intermediaryOrganizationId: string | null;
  readonly currency: string;
  readonly split: Split;
  readonly gateway: string;
  readonly gatewayPaymentId: string | null;
  readonly status: PaymentStatus;
  readonly capturedMinor: number;
  readonly refundedMinor: number;
  readonly reversed: Parts;
  readonly failure: { readonly code: string; readonly reason: string } | null;
}

/** What a step decided: the new intent, the ledger entries to write, the facts to publish. */
export interface Outcome {
  readonly intent: PaymentIntent;
  readonly entries: readonly LedgerEntry[];
  readonly events: readonly PaymentFact[];
}

export type PaymentFact =
  | { readonly type: 'authorized' }
  | { readonly type: 'captured' }
  | { readonly type: 'commission-settled'; readonly entryKey: string; readonly parts: Parts }
  | { readonly type: 'failed'; readonly code: string; readonly reason: string }
  | { readonly type: 'cancelled' }
  | {
      readonly type: 'refunded';
      readonly refundId: string;
      readonly amountMinor: number;
      readonly parts: Parts;
    };

export type NewIntent = Omit<
  PaymentIntent,
  'status' | 'capturedMinor' | 'refundedMinor' | 'reversed' | 'failure' | 'gatewayPaymentId'
>;

export function createIntent(input: NewIntent): PaymentIntent {
  if (input.split.grossMinor <= 0) {
    throw new PaymentError('PAYMENTS_INVALID_AMOUNT', { amount: input.split.grossMinor });
  }
  return {
    ...input,
    gatewayPaymentId: null,
    status: 'requires_action',
    capturedMinor: 0,
    refundedMinor: 0,
    reversed: noParts,
    failure: null,
  };
}

/** Ledger keys: one per step of one intent, so that a replayed step writes nothing new. */
export const entryKeys = Object.freeze({
  authorize: (id: string) => `${id}:authorize`,
  capture: (id: string) => `${id}:capture`,
  settle: (id: string) => `${id}:settle`,
  void: (id: string) => `${id}:void`,
  refund: (id: string, refundId: string) => `${id}:refund:${refundId}`,
});

/** The gateway took the payment and answers later. */
export function submit(intent: PaymentIntent, gateway: string, ref: string): Outcome {
  assertMove(intent.status, 'processing');
  return done({ ...intent, status: 'processing', gateway, gatewayPaymentId: ref });
}

/** The gateway holds the money: a pending transfer from the buyer to the gateway clearing. */
export function authorize(intent: PaymentIntent, ref: string | null): Outcome {
  assertMove(intent.status, 'authorized');
  const g = intent.split.grossMinor;
  const hold = entry(intent, entryKeys.authorize(intent.id), 'pending', 'authorization hold', [
    post('buyer_funds', intent.buyerOrganizationId, -g),
    post('gateway_clearing', intent.gateway, g),
  ]);
  const next = { ...intent, status: 'authorized' as const };
  return {
    intent: ref ? { ...next, gatewayPaymentId: ref } : next,
    entries: [hold],
    events: [{ type: 'authorized' }],
  };
}

export function fail(intent: PaymentIntent, code: string, reason: string): Outcome {
  assertMove(intent.status, 'failed');
  return {
    intent: { ...intent, status: 'failed', failure: { code, reason } },
    entries: [],
    events: [{ type: 'failed', code, reason }],
  };
}

/**
 * Capture posts the hold and splits the gross into provider payable, platform revenue and
 * intermediary commission, at the amounts frozen in the quote.
 * Known limit: capture is of the whole authorized amount; a partial capture would need the
 * split re-allocated like a refund, and no flow asks for one.
 */
export function capture(intent: PaymentIntent): Outcome {
  assertMove(intent.status, 'captured');
  const s = intent.split;
  const pending = entryKeys.authorize(intent.id);
  const posted = entry(intent, entryKeys.capture(intent.id), 'post_pending', 'capture', [
    post('buyer_funds', intent.buyerOrganizationId, -s.grossMinor),
    post('gateway_clearing', intent.gateway, s.grossMinor),
  ]);
  const settleKey = entryKeys.settle(intent.id);
  const settle = entry(intent, settleKey, 'posted', 'settlement split', [
    post('buyer_funds', intent.buyerOrganizationId, s.grossMinor),
    ...partPostings(intent, s, -1),
  ]);

  return {
    intent: { ...intent, status: 'captured', capturedMinor: s.grossMinor },
    entries: [{ ...posted, pendingKey: pending }, settle],
    events: [{ type: 'captured' }, { type: 'commission-settled', entryKey: settleKey, parts: s }],
  };
}

/** Cancelling before capture; a hold, if any, is voided. */
export function cancel(intent: PaymentIntent): Outcome {
  assertMove(intent.status, 'cancelled');
  const entries =
    intent.status === 'authorized'
      ? [
          {
            ...entry(intent, entryKeys.void(intent.id), 'void_pending', 'authorization voided', []),
            pendingKey: entryKeys.authorize(intent.id),
          },
        ]
      : [];
  return { intent: { ...intent, status: 'cancelled' }, entries, events: [{ type: 'cancelled' }] };
}

/** A refund reverses the split proportionally (rounding: see `refundParts`). */
export function refund(intent: PaymentIntent, refundId: string, amountMinor: number): Outcome {
  const refundedMinor = intent.refundedMinor + amountMinor;
  const status = refundedMinor === intent.capturedMinor ? 'refunded' : 'partially_refunded';
  assertMove(intent.status, status);

  const parts = refundParts(intent.split, intent.reversed, amountMinor);
  const reversal = entry(intent, entryKeys.refund(intent.id, refundId), 'posted', 'refund', [
    ...partPostings(intent, parts, 1),
    post('gateway_clearing', intent.gateway, -amountMinor),
  ]);
  return {
    intent: { ...intent, status, refundedMinor, reversed: addParts(intent.reversed, parts) },
    entries: [reversal],
    events: [{ type: 'refunded', refundId, amountMinor, parts }],
  };
}

export function assertCurrency(intent: PaymentIntent, currency: string): void {
  if (intent.currency !== currency) {
    throw new PaymentError('PAYMENTS_CURRENCY_MISMATCH', {
      got: currency,
      expected: intent.currency,
    });
  }
}

function partPostings(intent: PaymentIntent, parts: Parts, sign: 1 | -1): Posting[] {
  const all = [
    post(AccountKinds.providerPayable, intent.providerOrganizationId, sign * parts.providerMinor),
    post(AccountKinds.platformRevenue, platformOwner, sign * parts.platformFeeMinor),
    post(
      AccountKinds.commissionPayable,
      intent.intermediaryOrganizationId ?? platformOwner,
      sign * parts.commissionMinor,
    ),
  ];
  return all.filter((p) => p.amountMinor !== 0);
}

function post(accountKind: Posting['accountKind'], owner: string, amountMinor: number): Posting {
  return { accountKind, owner, amountMinor };
}

function entry(
  intent: PaymentIntent,
  key: string,
  kind: LedgerEntry['kind'],
  memo: string,
  postings: Posting[],
): LedgerEntry {
  return {
    key,
    kind,
    pendingKey: null,
    currency: intent.currency,
    paymentIntentId: intent.id,
    transactionId: intent.transactionId,
    memo,
    postings,
  };
}

function done(intent: PaymentIntent): Outcome {
  return { intent, entries: [], events: [] };
}
