export type { CatalogService, CatalogServiceOptions } from './catalog-service.ts';
export { buildCatalogService } from './catalog-service.ts';
export { CatalogConfig } from './config.ts';
export { CatalogErrors } from './domain/errors.ts';
