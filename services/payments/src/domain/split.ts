import { PaymentError } from './errors.ts';
import { allocate, applyBasisPoints, assertMinor } from './money.ts';

/** How a gross amount divides; the three parts sum to the gross exactly. */
export interface Parts {
  readonly providerMinor: number;
  readonly platformFeeMinor: number;
  readonly commissionMinor: number;
}

export interface Split extends Parts {
  readonly grossMinor: number;
  readonly platformFeeBps: number;
  readonly commissionBps: number;
}

export const noParts: Parts = Object.freeze({
  providerMinor: 0,
  platformFeeMinor: 0,
  commissionMinor: 0,
});

export interface FrozenAmounts {
  totalMinor: number;
  platformFeeBps: number;
  platformFeeMinor: number;
  commissionBps: number;
  commissionMinor: number;
}

/**
 * The split frozen in a quote: the buyer pays the total; the platform fee and the commission
 * are the quote's own amounts (trading computed them at the frozen rates), and the provider
 * is owed the rest. A commission without an intermediary has nobody to be paid to.
 */
export function splitFromQuote(q: FrozenAmounts, hasIntermediary: boolean): Split {
  assertMinor(q.totalMinor);
  assertMinor(q.platformFeeMinor);
  assertMinor(q.commissionMinor);
  const providerMinor = q.totalMinor - q.platformFeeMinor - q.commissionMinor;
  if (providerMinor < 0) {
    badSplit(q.totalMinor, 'fee and commission exceed the total');
  }
  if (!hasIntermediary && q.commissionMinor > 0) {
    badSplit(q.totalMinor, 'a commission needs an intermediary');
  }
  return Object.freeze({
    grossMinor: q.totalMinor,
    providerMinor,
    platformFeeMinor: q.platformFeeMinor,
    commissionMinor: q.commissionMinor,
    platformFeeBps: q.platformFeeBps,
    commissionBps: q.commissionBps,
  });
}

/** A split from rates alone, each rate on the gross, rounded half up. */
export function splitFromRates(
  grossMinor: number,
  platformFeeBps: number,
  commissionBps: number,
  hasIntermediary: boolean,
): Split {
  return splitFromQuote(
    {
      totalMinor: grossMinor,
      platformFeeBps,
      platformFeeMinor: applyBasisPoints(grossMinor, platformFeeBps),
      commissionBps,
      commissionMinor: hasIntermediary ? applyBasisPoints(grossMinor, commissionBps) : 0,
    },
    hasIntermediary,
  );
}

function badSplit(gross: number, reason: string): never {
  throw new PaymentError('PAYMENTS_INVALID_SPLIT', { gross, reason });
}

/**
 * The parts one refund reverses. Rounding: the refund is divided over what is still
 * unreversed of each part, in proportion, by largest remainder (ties to provider, then
 * platform, then intermediary). So every refund's parts sum to it exactly, no part is ever
 * reversed beyond what was captured for it, and refunding the whole remainder reverses each
 * part exactly, whatever the sequence of partial refunds before.
 */
export function refundParts(split: Split, reversed: Parts, amountMinor: number): Parts {
  const remaining = [
    split.providerMinor - reversed.providerMinor,
    split.platformFeeMinor - reversed.platformFeeMinor,
    split.commissionMinor - reversed.commissionMinor,
  ];
  const refundable = remaining.reduce((a, r) => a + r, 0);
  if (amountMinor <= 0 || amountMinor > refundable) {
    throw new PaymentError('PAYMENTS_REFUND_EXCEEDS_CAPTURE', {
      amount: amountMinor,
      refundable,
    });
  }

  const [providerMinor = 0, platformFeeMinor = 0, commissionMinor = 0] = allocate(
    amountMinor,
    remaining,
  );
  return { providerMinor, platformFeeMinor, commissionMinor };
}

export function addParts(a: Parts, b: Parts): Parts {
  return {
    providerMinor: a.providerMinor + b.providerMinor,
    platformFeeMinor: a.platformFeeMinor + b.platformFeeMinor,
    commissionMinor: a.commissionMinor + b.commissionMinor,
  };
}
