import { loadConfig } from '@hcts/kit';
import { buildCatalogService } from './catalog-service.ts';
import { CatalogConfig } from './config.ts';

const config = loadConfig(CatalogConfig);
const catalog = await buildCatalogService({ config });
// Once started, SIGTERM or SIGINT stops it in order: requests, consumers, relay, then pools.
const { url } = await catalog.start();
catalog.service.app.log.info({ url }, 'catalog listening');
