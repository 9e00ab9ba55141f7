import { EntityId } from '@hcts/contracts';
import type { ServiceApp } from '@hcts/kit';
import { z } from 'zod';
import { addToCart, changeCartItem, removeCartItem, viewCart } from '../../app/cart.ts';
import type { TradingApp } from '../../app/trading-app.ts';
import type { IdempotencyStore } from '../postgres/postgres-idempotency.ts';
import type { IdentifyCaller } from './caller.ts';
import { idempotencyHeader, idempotent } from './idempotent.ts';

const Quantity = z.int().min(1).max(10_000);
const AddBody = z.strictObject({ serviceId: EntityId, quantity: Quantity });
const ChangeBody = z.strictObject({ quantity: Quantity });
const ItemParams = z.object({ serviceId: EntityId });

/** The buying organization's cart. Change and remove are idempotent by nature; add is not. */
export function cartRoutes(
  app: ServiceApp,
  deps: TradingApp,
  keys: IdempotencyStore,
  callerOf: IdentifyCaller,
): void {
  app.get('/api/cart', async (request) => ({
    items: await viewCart(deps, await callerOf(request)),
  }));

  // Adding sums quantities, so a retried add would count twice: with an Idempotency-Key the
  // first response is replayed instead.
  app.post('/api/cart/items', { schema: { body: AddBody } }, async (request, reply) => {
    const caller = await callerOf(request);
    const add = async () => ({
      statusCode: 200,
      body: { items: await addToCart(deps, caller, request.body) },
    });
    if (request.headers[idempotencyHeader] === undefined) {
      const { body } = await add();
      return body;
    }
    return idempotent(keys, request, reply, caller, add);
  });

  app.put(
    '/api/cart/items/:serviceId',
    { schema: { params: ItemParams, body: ChangeBody } },
    async (request) => ({
      items: await changeCartItem(deps, await callerOf(request), {
        serviceId: request.params.serviceId,
        quantity: request.body.quantity,
      }),
    }),
  );

  app.delete('/api/cart/items/:serviceId', { schema: { params: ItemParams } }, async (request) => ({
    items: await removeCartItem(deps, await callerOf(request), request.params.serviceId),
  }));
}
