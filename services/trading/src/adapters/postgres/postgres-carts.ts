import { type Kysely, sql } from 'kysely';
import type { CartItem, CartStore } from '../../app/ports.ts';

// biome-ignore lint/suspicious/noExplicitAny: kysely's database type is invariant
type AnyDb = Kysely<any>;

export function createCartStore(db: AnyDb): CartStore {
  return {
    items: async (owner) => {
      const { rows } = await sql<{ service_id: string; quantity: number; updated_at: Date }>`
        select service_id, quantity, updated_at from trading_cart_items
        where owner_organization_id = ${owner} order by service_id`.execute(db);
      return rows.map(
        (r): CartItem => ({
          serviceId: r.service_id,
          quantity: r.quantity,
          updatedAt: r.updated_at.toISOString(),
        }),
      );
    },
    add: async (owner, serviceId, quantity) => {
      await sql`
        insert into trading_cart_items (owner_organization_id, service_id, quantity)
        values (${owner}, ${serviceId}, ${quantity})
        on conflict (owner_organization_id, service_id) do update set
          quantity = least(trading_cart_items.quantity + excluded.quantity, 10000),
          updated_at = now()`.execute(db);
    },
    change: async (owner, serviceId, quantity) => {
      const result = await sql`
        update trading_cart_items set quantity = ${quantity}, updated_at = now()
        where owner_organization_id = ${owner} and service_id = ${serviceId}`.execute(db);
      return Number(result.numAffectedRows ?? 0) > 0;
    },
    remove: async (owner, serviceId) => {
      const result = await sql`
        delete from trading_cart_items
        where owner_organization_id = ${owner} and service_id = ${serviceId}`.execute(db);
      return Number(result.numAffectedRows ?? 0) > 0;
    },
  };
}
