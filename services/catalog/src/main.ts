import { loadConfig } from '@hcts/kit';
import { buildCatalogService } from './catalog-service.ts';
import { CatalogConfig } from './config.ts';

const config = loadConfig(CatalogConfig);
const catalog = await buildCatalogService({ config });
const { url } = await catalog.start();
catalog.service.app.log.info({ url }, 'catalog listening');

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void catalog.stop().then(() => process.exit(0)));
}
