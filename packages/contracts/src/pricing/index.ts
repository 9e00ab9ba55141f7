export type { AppliedRule, RuleOutcome } from './apply-rules.ts';
export { applyRules } from './apply-rules.ts';
export { allocateByShares, multiplySafe, scaleByBps } from './arithmetic.ts';
export type {
  PricedComponent,
  PricedLine,
  PricedQuote,
  PriceQuoteInput,
  PriceSource,
  QuoteRequestLine,
} from './price-quote.ts';
export { priceQuote } from './price-quote.ts';
export type { PricingErrorCode, PricingErrorKind } from './pricing-error.ts';
export { PricingError, PricingErrorCodes } from './pricing-error.ts';
export type { ListSelection } from './select-price-list.ts';
export { isValidAt, selectPriceLists } from './select-price-list.ts';
