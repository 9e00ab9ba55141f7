export { TradingConfig } from './config.ts';
export type { TradingService, TradingServiceOptions, TradingTopics } from './trading-service.ts';
export { buildTradingService, defaultTopics } from './trading-service.ts';
