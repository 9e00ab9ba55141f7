import { EntityId } from '@hcts/contracts';
import type { ServiceApp } from '@hcts/kit';
import { z } from 'zod';
import { addToCart, changeCartItem, removeCartItem, viewCart } from '../../app/cart.ts';
import type { TradingApp } from '../../app/trading-app.ts';
import { callerOf } from './caller-from-headers.ts';

const Quantity = z.int().min(1).max(10_000);
const AddBody = z.strictObject({ serviceId: EntityId, quantity: Quantity });
const ChangeBody = z.strictObject({ quantity: Quantity });
const ItemParams = z.object({ serviceId: EntityId });

/** The buying organization's cart. Idempotent by nature except add, which sums quantities. */
export function cartRoutes(app: ServiceApp, deps: TradingApp): void {
  app.get('/api/cart', async (request) => ({ items: await viewCart(deps, callerOf(request)) }));

  app.post('/api/cart/items', { schema: { body: AddBody } }, async (request) => ({
    items: await addToCart(deps, callerOf(request), request.body),
  }));

  app.put(
    '/api/cart/items/:serviceId',
    { schema: { params: ItemParams, body: ChangeBody } },
    async (request) => ({
      items: await changeCartItem(deps, callerOf(request), {
        serviceId: request.params.serviceId,
        quantity: request.body.quantity,
      }),
    }),
  );

  app.delete('/api/cart/items/:serviceId', { schema: { params: ItemParams } }, async (request) => ({
    items: await removeCartItem(deps, callerOf(request), request.params.serviceId),
  }));
}
