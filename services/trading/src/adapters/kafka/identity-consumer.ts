import type { AnyDatabase, Bus, EventHandler, RunningConsumer } from '@hcts/bus';
import { OrganizationRegistered, OrganizationVerified } from '@hcts/contracts';
import type { z } from 'zod';
import { createOrganizationWriter } from '../postgres/postgres-organizations.ts';

/** The organization replica's feed: the gateway's identity events (published via its outbox). */
export function identityHandlers(): Record<string, EventHandler> {
  return {
    [OrganizationRegistered.type]: async (envelope, { trx }) => {
      const data = envelope.data as z.infer<typeof OrganizationRegistered.schema>;
      await createOrganizationWriter(trx).registered(data);
    },
    [OrganizationVerified.type]: async (envelope, { trx }) => {
      const data = envelope.data as z.infer<typeof OrganizationVerified.schema>;
      await createOrganizationWriter(trx).decided(data);
    },
  };
}

export function startIdentityConsumer(
  bus: Bus,
  db: AnyDatabase,
  topic: string,
  group: string,
): Promise<RunningConsumer> {
  return bus.consumer({ group, topics: [topic], db, handlers: identityHandlers() });
}
