import { type PricedLine, PricingError, priceQuote } from '@hcts/contracts';
import { type Caller, canManage } from '../../domain/caller.ts';
import { CatalogError } from '../../domain/errors.ts';
import type { CatalogDeps } from '../deps.ts';
import { snapshotOf } from '../services/snapshot.ts';

export interface QuoteRequest {
  quantity: number;
  /** Providers and admins may price for a named buyer; insurers and intermediaries are the buyer. */
  buyerOrganizationId?: string;
  at?: string;
}

export interface QuoteAnswer {
  currency: string;
  at: string;
  buyerOrganizationId: string | null;
  line: PricedLine;
}

/** Prices one service with the same function trading freezes quotes with. */
export async function quoteService(
  deps: CatalogDeps,
  caller: Caller,
  serviceId: string,
  request: QuoteRequest,
): Promise<QuoteAnswer> {
  const service = await deps.store.getService(serviceId);
  const manages = service !== undefined && canManage(caller, service.providerOrganizationId);
  if (service === undefined || (service.status !== 'published' && !manages)) {
    throw new CatalogError('serviceNotFound', { serviceId });
  }

  const buyerOrganizationId =
    caller.role === 'insurer' || caller.role === 'intermediary'
      ? caller.organizationId
      : (request.buyerOrganizationId ?? null);
  const priceLists = await deps.store.priceListsOf(service.providerOrganizationId);
  const at = request.at ?? deps.now().toISOString();

  try {
    const quote = priceQuote({
      services: [snapshotOf(service)],
      priceLists,
      buyer: buyerOrganizationId === null ? null : { organizationId: buyerOrganizationId },
      quantities: [{ serviceId, quantity: request.quantity }],
      at,
      allowDrafts: manages,
    });
    const line = quote.lines[0];
    if (line === undefined) throw new Error('a one-line quote has one line');
    return { currency: quote.currency, at: quote.at, buyerOrganizationId, line };
  } catch (error) {
    if (!(error instanceof PricingError)) throw error;
    const field = error.field.replace(/^quantities\.0\./, '');
    throw new CatalogError('quoteFailed', { message: error.message }, [
      { field, code: error.code, message: error.message },
    ]);
  }
}
