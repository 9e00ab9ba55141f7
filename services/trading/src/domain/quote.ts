import { TradingError } from './errors.ts';
import { bpsOf, isMinorUnits } from './money.ts';
import type { FrozenQuote, QuoteLine } from './types.ts';

export interface QuoteTerms {
  quoteId: string;
  currency: string;
  lines: QuoteLine[];
  platformFeeBps: number;
  /** Zero when no intermediary brokers the purchase. */
  commissionBps: number;
  expiresAt: string;
}

/**
 * Freezes a quote: subtotal = sum of line totals = what the buyer pays. Fee and commission are
 * basis points of the subtotal, each rounded half up to a whole minor unit; the provider's
 * payable is the remainder, so the three parts always add up to the total exactly.
 */
export function freezeQuote(terms: QuoteTerms): FrozenQuote {
  const subtotalMinor = terms.lines.reduce((sum, line) => sum + line.lineTotalMinor, 0);
  const platformFeeMinor = bpsOf(subtotalMinor, terms.platformFeeBps);
  const commissionMinor = bpsOf(subtotalMinor, terms.commissionBps);
  const quote: FrozenQuote = {
    quoteId: terms.quoteId,
    currency: terms.currency,
    lines: terms.lines,
    subtotalMinor,
    platformFeeBps: terms.platformFeeBps,
    platformFeeMinor,
    commissionBps: terms.commissionBps,
    commissionMinor,
    totalMinor: subtotalMinor,
    expiresAt: terms.expiresAt,
  };
  checkQuote(quote);
  return quote;
}

/** What the provider receives: the total less fee and commission. */
export function providerPayableOf(quote: FrozenQuote): number {
  return quote.totalMinor - quote.platformFeeMinor - quote.commissionMinor;
}

/** Throws badQuote unless every amount is consistent with the lines and the rates. */
export function checkQuote(quote: FrozenQuote): void {
  const fail = (reason: string) => new TradingError('badQuote', { reason });
  if (quote.lines.length === 0) throw fail('no lines');
  if (quote.platformFeeBps + quote.commissionBps > 10_000) throw fail('rates above 100 %');
  for (const line of quote.lines) {
    if (
      !isMinorUnits(line.unitPriceMinor) ||
      line.lineTotalMinor !== line.unitPriceMinor * line.quantity
    ) {
      throw fail(`line ${line.serviceId} total is not unit price times quantity`);
    }
  }
  const subtotal = quote.lines.reduce((sum, line) => sum + line.lineTotalMinor, 0);
  if (!isMinorUnits(subtotal) || subtotal !== quote.subtotalMinor) throw fail('subtotal');
  if (quote.totalMinor !== quote.subtotalMinor) throw fail('total');
  if (quote.platformFeeMinor !== bpsOf(subtotal, quote.platformFeeBps)) throw fail('platform fee');
  if (quote.commissionMinor !== bpsOf(subtotal, quote.commissionBps)) throw fail('commission');
  if (providerPayableOf(quote) < 0) throw fail('provider payable below zero');
}
