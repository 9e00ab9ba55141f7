import { loadConfig } from '@hcts/kit';
import { TradingConfig } from './config.ts';
import { buildTradingService } from './trading-service.ts';

const config = loadConfig(TradingConfig);
const trading = await buildTradingService({ config });
// Once started, SIGTERM or SIGINT stops it in order: requests, consumers, relay, then pools.
const { url } = await trading.start();
trading.service.app.log.info({ url }, 'trading listening');
