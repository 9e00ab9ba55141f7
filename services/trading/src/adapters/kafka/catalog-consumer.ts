import type { AnyDatabase, Bus, EventHandler, RunningConsumer } from '@hcts/bus';
import {
  PriceListChanged,
  ServicePublished,
  ServiceRetired,
  ServiceUpdated,
} from '@hcts/contracts';
import type { z } from 'zod';
import { createReplicaWriter } from '../postgres/postgres-catalog-replica.ts';

/** The catalog replica's feed: every write is version-guarded, so order does not matter. */
export function catalogHandlers(): Record<string, EventHandler> {
  return {
    [ServicePublished.type]: async (envelope, { trx }) => {
      await createReplicaWriter(trx).putService(
        envelope.data as z.infer<typeof ServicePublished.schema>,
      );
    },
    [ServiceUpdated.type]: async (envelope, { trx }) => {
      await createReplicaWriter(trx).putService(
        envelope.data as z.infer<typeof ServiceUpdated.schema>,
      );
    },
    [ServiceRetired.type]: async (envelope, { trx }) => {
      const data = envelope.data as z.infer<typeof ServiceRetired.schema>;
      await createReplicaWriter(trx).retireService(data.serviceId, data.version);
    },
    [PriceListChanged.type]: async (envelope, { trx }) => {
      await createReplicaWriter(trx).putPriceList(
        envelope.data as z.infer<typeof PriceListChanged.schema>,
      );
    },
  };
}

export function startCatalogConsumer(
  bus: Bus,
  db: AnyDatabase,
  topic: string,
  group: string,
): Promise<RunningConsumer> {
  return bus.consumer({ group, topics: [topic], db, handlers: catalogHandlers() });
}
