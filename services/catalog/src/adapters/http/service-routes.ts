import type { ServiceApp } from '@hcts/kit';
import type { CatalogDeps } from '../../app/deps.ts';
import { quoteService } from '../../app/pricing/quote-service.ts';
import { savePriceList } from '../../app/pricing/save-price-list.ts';
import { createService, updateService } from '../../app/services/save-service.ts';
import { canManage } from '../../domain/caller.ts';
import type { CatalogService } from '../../domain/catalog-service.ts';
import { CatalogError } from '../../domain/errors.ts';
import type { IdentifyCaller } from './caller.ts';
import {
  CreateServiceBody,
  IdParams,
  ListQuery,
  PriceListBody,
  QuoteBody,
  UpdateServiceBody,
  UuidParams,
} from './schemas.ts';

export function serviceRoutes(app: ServiceApp, deps: CatalogDeps, callerOf: IdentifyCaller): void {
  app.post('/api/services', { schema: { body: CreateServiceBody } }, async (request, reply) => {
    const caller = await callerOf(request);
    const { providerOrganizationId, ...input } = request.body;
    const meta = { correlationId: request.correlationId };
    const service = await createService(
      deps,
      caller,
      input,
      meta,
      providerOrganizationId ?? caller.organizationId,
    );
    return reply.code(201).send(service);
  });

  app.get('/api/services', { schema: { querystring: ListQuery } }, async (request) => {
    const caller = await callerOf(request);
    const filter = { limit: request.query.limit, afterServiceId: request.query.after };
    if (caller.role === 'admin') return page(await deps.store.listServices(filter), filter.limit);
    if (caller.role === 'provider') {
      return page(
        await deps.store.listServices({ ...filter, providerOrganizationId: caller.organizationId }),
        filter.limit,
      );
    }
    return page(
      await deps.store.listServices({ ...filter, statuses: ['published'] }),
      filter.limit,
    );
  });

  app.get('/api/services/stats', async (request) => {
    const caller = await callerOf(request);
    if (caller.role === 'admin') return deps.store.stats(null);
    if (caller.role === 'provider') return deps.store.stats(caller.organizationId);
    throw new CatalogError('forbidden', {
      role: caller.role,
      action: 'read',
      resource: 'service statistics',
    });
  });

  app.get(
    '/api/services/provider/:id',
    { schema: { params: IdParams, querystring: ListQuery } },
    async (request) => {
      const caller = await callerOf(request);
      const own = canManage(caller, request.params.id);
      const services = await deps.store.listServices({
        providerOrganizationId: request.params.id,
        limit: request.query.limit,
        afterServiceId: request.query.after,
        ...(own ? {} : { statuses: ['published'] as const }),
      });
      return page(services, request.query.limit);
    },
  );

  // The owner's view, drafts included; buyers read one offer at /api/marketplace/services/:id.
  app.get('/api/services/:id', { schema: { params: UuidParams } }, async (request) => {
    const caller = await callerOf(request);
    const service = await deps.store.getService(request.params.id);
    if (service === undefined || !canManage(caller, service.providerOrganizationId)) {
      throw new CatalogError('serviceNotFound', { serviceId: request.params.id });
    }
    return service;
  });

  app.put(
    '/api/services/:id',
    { schema: { params: UuidParams, body: UpdateServiceBody } },
    async (request) => {
      const { expectedVersion, ...input } = request.body;
      const meta = { correlationId: request.correlationId };
      return updateService(
        deps,
        await callerOf(request),
        request.params.id,
        input,
        meta,
        expectedVersion,
      );
    },
  );

  app.post(
    '/api/services/:id/quote',
    { schema: { params: UuidParams, body: QuoteBody } },
    async (request) => {
      return quoteService(deps, await callerOf(request), request.params.id, request.body);
    },
  );

  priceListRoutes(app, deps, callerOf);
}

function priceListRoutes(app: ServiceApp, deps: CatalogDeps, callerOf: IdentifyCaller): void {
  app.get('/api/services/price-lists', async (request) => {
    const caller = await callerOf(request);
    if (caller.role !== 'provider' && caller.role !== 'admin') {
      throw new CatalogError('forbidden', {
        role: caller.role,
        action: 'read',
        resource: 'price lists',
      });
    }
    return { items: await deps.store.priceListsOf(caller.organizationId) };
  });

  app.post(
    '/api/services/price-lists',
    { schema: { body: PriceListBody } },
    async (request, reply) => {
      const caller = await callerOf(request);
      const { providerOrganizationId, ...input } = request.body;
      const meta = { correlationId: request.correlationId };
      const list = await savePriceList(
        deps,
        caller,
        input,
        meta,
        undefined,
        providerOrganizationId ?? caller.organizationId,
      );
      return reply.code(201).send(list);
    },
  );

  app.put(
    '/api/services/price-lists/:id',
    { schema: { params: UuidParams, body: PriceListBody } },
    async (request) => {
      const { providerOrganizationId: _, ...input } = request.body;
      return savePriceList(
        deps,
        await callerOf(request),
        input,
        { correlationId: request.correlationId },
        request.params.id,
      );
    },
  );
}

function page(items: CatalogService[], limit: number) {
  const last = items.at(-1);
  return {
    items,
    nextCursor: items.length === limit && last !== undefined ? last.serviceId : null,
  };
}
