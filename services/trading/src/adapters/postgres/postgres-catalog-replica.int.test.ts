import { createDatabase } from '@hcts/kit';
import { createTestDatabase } from '@hcts/test-harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { priceList, service } from '../../testing/trading-fixture.ts';
import { allMigrations } from './migrations.ts';
import { createCatalogReplica, createReplicaWriter } from './postgres-catalog-replica.ts';

describe('catalog replica', () => {
  let test: Awaited<ReturnType<typeof createTestDatabase>>;
  let database: ReturnType<typeof createDatabase<unknown>>;

  beforeAll(async () => {
    test = await createTestDatabase('trading_replica');
    database = createDatabase<unknown>({ url: test.url });
    await database.migrate(allMigrations);
  });
  afterAll(async () => {
    await database?.close();
    await test?.drop();
  });

  it('keeps the newest version whatever order catalog events arrive in', async () => {
    const writer = createReplicaWriter(database.db);
    const replica = createCatalogReplica(database.db);
    const v1 = service('provider-a');
    const v2 = { ...v1, version: 2, name: 'Knee MRI with contrast' };
    const v4 = { ...v1, version: 4, name: 'late update' };

    await writer.putService(v2);
    await writer.putService(v1);
    const afterStale = await replica.services([v1.serviceId]);
    await writer.retireService(v1.serviceId, 3);
    await writer.putService(v2);
    const afterRetire = await replica.services([v1.serviceId]);
    await writer.putService(v4);
    const afterNewer = await replica.services([v1.serviceId]);

    expect(afterStale).toMatchObject([{ version: 2, name: 'Knee MRI with contrast' }]);
    expect(afterRetire).toMatchObject([{ version: 3, status: 'retired' }]);
    expect(afterNewer).toMatchObject([{ version: 4, name: 'late update' }]);
  });

  it("keeps the newest price list version and lists a provider's lists", async () => {
    const writer = createReplicaWriter(database.db);
    const replica = createCatalogReplica(database.db);
    const list = priceList('provider-b', service('provider-b').serviceId);

    await writer.putPriceList({ ...list, version: 2 });
    await writer.putPriceList(list);

    expect(await replica.priceListsOf('provider-b')).toMatchObject([{ version: 2 }]);
    expect(await replica.priceListsOf('provider-c')).toEqual([]);
  });
});
