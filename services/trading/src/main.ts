import { loadConfig } from '@hcts/kit';
import { TradingConfig } from './config.ts';
import { buildTradingService } from './trading-service.ts';

const config = loadConfig(TradingConfig);
const trading = await buildTradingService({ config });
const { url } = await trading.start();
trading.service.app.log.info({ url }, 'trading listening');

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void trading.stop().then(() => process.exit(0)));
}
