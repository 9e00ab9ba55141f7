import type { Bus, EventHandler, RunningConsumer } from '@hcts/bus';
import {
  PriceListChanged,
  ServicePublished,
  ServiceRetired,
  ServiceUpdated,
  Topics,
} from '@hcts/contracts';
import type { Kysely } from 'kysely';
import type { ReadThroughCache } from '../../app/read-through-cache.ts';

/**
 * Every catalog event that can change a listing bumps the marketplace's cache generation, so a
 * stale listing never outlives its event by more than this consumer's lag. ICD-11 lookups are
 * keyed by release and change only with a new release, which gets new keys.
 */
export function startCacheInvalidation(
  bus: Bus,
  db: Kysely<unknown>,
  cache: ReadThroughCache,
  options: { group?: string; topic?: string } = {},
): Promise<RunningConsumer> {
  const invalidate: EventHandler = async (_envelope, context) => {
    await cache.invalidate('marketplace');
    context.log.debug({ namespace: 'marketplace' }, 'cache invalidated');
  };
  return bus.consumer({
    group: options.group ?? 'catalog-cache',
    topics: [options.topic ?? Topics.catalog],
    db,
    // A new group starts at the newest event: entries cached before it expire by their TTL,
    // and replaying the whole history would only delay the invalidations that matter.
    fromBeginning: false,
    handlers: {
      [ServicePublished.type]: invalidate,
      [ServiceUpdated.type]: invalidate,
      [ServiceRetired.type]: invalidate,
      [PriceListChanged.type]: invalidate,
    },
  });
}
