import { Text } from '@hcts/contracts';
import type { ServiceApp } from '@hcts/kit';
import { z } from 'zod';
import type { MarketplaceQuery } from '../../app/catalog-store.ts';
import type { CatalogDeps } from '../../app/deps.ts';
import type { ReadThroughCache } from '../../app/read-through-cache.ts';
import { CareSettings, ProcedureSystems } from '../../domain/catalog-service.ts';
import { CatalogError } from '../../domain/errors.ts';
import type { IdentifyCaller } from './caller.ts';
import { UuidParams } from './schemas.ts';

const MarketplaceParams = z.strictObject({
  q: Text.trim().max(200).optional(),
  chapter: Text.min(1).max(5).optional(),
  icd: Text.min(1).max(40).optional(),
  system: z.enum(ProcedureSystems).optional(),
  provider: Text.min(1).max(100).optional(),
  careSetting: z.enum(CareSettings).optional(),
  minPrice: z.coerce.number().int().min(0).optional(),
  maxPrice: z.coerce.number().int().min(0).optional(),
  sort: z.enum(['relevance', 'price', 'newest']).default('relevance'),
  limit: z.coerce.number().int().min(1).max(50).default(20),
  cursor: Text.max(200).optional(),
});

const Cursor = z.strictObject({
  k: z.unknown(),
  id: z.uuid(),
  s: z.string(),
});

/**
 * The key each sort writes into its cursors, bounded as the query casts it: a forged key of the
 * wrong type or size would otherwise reach Postgres as a bad bigint or numeric (a 500).
 */
const CursorKeys = {
  price: z.int().min(0).max(Number.MAX_SAFE_INTEGER),
  // Scores are numeric(…, 8) rendered by Postgres, e.g. "0.06079271".
  relevance: z.string().regex(/^\d{1,12}(\.\d{1,8})?$/),
  newest: z.uuid(),
} as const satisfies Record<MarketplaceQuery['sort'], z.ZodType<number | string>>;

function decodeCursor(text: string, sort: MarketplaceQuery['sort']): MarketplaceQuery['cursor'] {
  try {
    const parsed = Cursor.parse(JSON.parse(Buffer.from(text, 'base64url').toString('utf8')));
    if (parsed.s !== sort) throw new Error('cursor of another sort');
    return { key: CursorKeys[sort].parse(parsed.k), id: parsed.id };
  } catch {
    throw new CatalogError('badInput', {}, [
      { field: 'cursor', code: 'BAD_CURSOR', message: 'not a cursor of this listing' },
    ]);
  }
}

function encodeCursor(key: number | string, id: string, sort: string): string {
  return Buffer.from(JSON.stringify({ k: key, id, s: sort })).toString('base64url');
}

export function marketplaceRoutes(
  app: ServiceApp,
  deps: CatalogDeps,
  cache: ReadThroughCache,
  callerOf: IdentifyCaller,
): void {
  app.get(
    '/api/marketplace/services',
    { schema: { querystring: MarketplaceParams } },
    async (request) => {
      const caller = await callerOf(request);
      const params = request.query;
      const query: MarketplaceQuery = {
        text: params.q,
        chapter: params.chapter,
        icdCode: params.icd?.toUpperCase(),
        system: params.system,
        providerOrganizationId: params.provider,
        careSetting: params.careSetting,
        minPriceMinor: params.minPrice,
        maxPriceMinor: params.maxPrice,
        buyerOrganizationId:
          caller.role === 'insurer' || caller.role === 'intermediary'
            ? caller.organizationId
            : null,
        sort: params.sort,
        limit: params.limit,
        cursor: params.cursor === undefined ? undefined : decodeCursor(params.cursor, params.sort),
      };

      const generation = await cache.generation('marketplace');
      const key = `marketplace:${generation}:${JSON.stringify(query)}`;
      return cache.read(key, async () => {
        const hits = await deps.store.marketplace(query);
        const last = hits.at(-1);
        const nextCursor =
          hits.length === query.limit && last !== undefined
            ? encodeCursor(last.sortKey, last.service.serviceId, query.sort)
            : null;
        return {
          items: hits.map((hit) => ({
            ...hit.service,
            listPriceMinor: hit.listPriceMinor,
            score: hit.score,
          })),
          nextCursor,
        };
      });
    },
  );
  offerRoute(app, deps, callerOf);
}

function offerRoute(app: ServiceApp, deps: CatalogDeps, callerOf: IdentifyCaller): void {
  // One offer as every member sees it; a draft or retired service is not an offer (404).
  app.get('/api/marketplace/services/:id', { schema: { params: UuidParams } }, async (request) => {
    await callerOf(request);
    const service = await deps.store.getService(request.params.id);
    if (service?.status !== 'published') {
      throw new CatalogError('serviceNotFound', { serviceId: request.params.id });
    }
    return service;
  });
}
