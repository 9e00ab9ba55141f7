import { createTestDatabase } from '@hcts/test-harness';
import { eventStoreContract } from '../testing/event-store-contract.ts';
import { createPostgresEventStore } from './postgres-event-store.ts';

eventStoreContract('postgres', async () => {
  const database = await createTestDatabase('event_store_contract');
  const store = await createPostgresEventStore({ connectionString: database.url, poolSize: 20 });
  return {
    store,
    teardown: async () => {
      await store.close();
      await database.drop();
    },
  };
});
