export * from './errors.ts';
export * from './ledger.ts';
export * from './ledger-book.ts';
export * from './money.ts';
export * from './payment-intent.ts';
export * from './payment-status.ts';
export * from './split.ts';
