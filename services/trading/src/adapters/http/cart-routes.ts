import { EntityId } from '@hcts/contracts';
import type { ServiceApp } from '@hcts/kit';
import { z } from 'zod';
import { addToCart, changeCartItem, removeCartItem, viewCart } from '../../app/cart.ts';
import type { TradingApp } from '../../app/trading-app.ts';
import type { IdempotencyStore } from '../postgres/postgres-idempotency.ts';
import type { IdentifyCaller } from './caller.ts';
import { idempotencyHeader, idempotent } from './idempotent.ts';
import { CartSchema, OptionalIdempotencyKeyHeader } from './response-schemas.ts';

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
  app.get('/api/cart', { schema: { response: { 200: CartSchema } } }, async (request) => ({
    items: await viewCart(deps, await callerOf(request)),
  }));

  // Adding sums quantities, so a retried add would count twice: with an Idempotency-Key the
  // first response is replayed instead.
  const addSchema = {
    body: AddBody,
    headers: OptionalIdempotencyKeyHeader,
    response: { 200: CartSchema },
  };
  app.post('/api/cart/items', { schema: addSchema }, async (request, reply) => {
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
    { schema: { params: ItemParams, body: ChangeBody, response: { 200: CartSchema } } },
    async (request) => ({
      items: await changeCartItem(deps, await callerOf(request), {
        serviceId: request.params.serviceId,
        quantity: request.body.quantity,
      }),
    }),
  );

  const removeSchema = { params: ItemParams, response: { 200: CartSchema } };
  app.delete('/api/cart/items/:serviceId', { schema: removeSchema }, async (request) => ({
    items: await removeCartItem(deps, await callerOf(request), request.params.serviceId),
  }));
}
