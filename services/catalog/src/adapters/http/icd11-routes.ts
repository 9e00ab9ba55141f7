import { Text } from '@hcts/contracts';
import type { ServiceApp } from '@hcts/kit';
import { z } from 'zod';
import type { CatalogDeps } from '../../app/deps.ts';
import type { ReadThroughCache } from '../../app/read-through-cache.ts';
import { CatalogError } from '../../domain/errors.ts';
import type { IdentifyCaller } from './caller.ts';

const SearchQuery = z.strictObject({
  q: Text.trim().min(1).max(200),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  release: Text.min(4).max(20).optional(),
});

export function icd11Routes(
  app: ServiceApp,
  deps: CatalogDeps,
  cache: ReadThroughCache,
  callerOf: IdentifyCaller,
): void {
  const releaseOf = async (asked: string | undefined) => {
    const release = asked ?? (await deps.icd11.currentRelease())?.releaseId;
    if (release === undefined) throw new CatalogError('icd11NoRelease');
    return release;
  };

  app.get('/api/icd11/search', { schema: { querystring: SearchQuery } }, async (request) => {
    await callerOf(request);
    const { q, limit } = request.query;
    const release = await releaseOf(request.query.release);
    const items = await cache.read(`icd11:${release}:search:${limit}:${q.toLowerCase()}`, () =>
      deps.icd11.search(release, q, limit),
    );
    return { releaseId: release, items };
  });

  app.get(
    '/api/icd11/:code',
    { schema: { params: z.strictObject({ code: Text.min(1).max(60) }) } },
    async (request) => {
      await callerOf(request);
      const release = await releaseOf(undefined);
      const found = await cache.read(
        `icd11:${release}:lookup:${request.params.code}`,
        async () => (await deps.icd11.lookup(release, request.params.code)) ?? null,
      );
      if (found === null) throw new CatalogError('icd11UnknownCode', { code: request.params.code });
      return { releaseId: release, ...found };
    },
  );
}
