import { TradingError } from '../domain/errors.ts';
import type { Caller } from './caller.ts';
import type { CartItem, CartStore, CatalogReplica } from './ports.ts';

export interface CartDeps {
  carts: CartStore;
  replica: CatalogReplica;
}

/** A cart belongs to the buying organization: an insurer, or an intermediary for its clients. */
function ownerOf(caller: Caller): string {
  if (caller.role !== 'insurer' && caller.role !== 'intermediary') {
    throw new TradingError('notABuyer');
  }
  return caller.organizationId;
}

export function viewCart(deps: CartDeps, caller: Caller): Promise<CartItem[]> {
  return deps.carts.items(ownerOf(caller));
}

export async function addToCart(
  deps: CartDeps,
  caller: Caller,
  item: { serviceId: string; quantity: number },
): Promise<CartItem[]> {
  const owner = ownerOf(caller);
  const [service] = await deps.replica.services([item.serviceId]);
  if (service?.status !== 'published') {
    const status = service?.status ?? 'unknown';
    throw new TradingError('serviceNotBuyable', { serviceId: item.serviceId, status });
  }
  await deps.carts.add(owner, item.serviceId, item.quantity);
  return deps.carts.items(owner);
}

export async function changeCartItem(
  deps: CartDeps,
  caller: Caller,
  item: { serviceId: string; quantity: number },
): Promise<CartItem[]> {
  const owner = ownerOf(caller);
  if (!(await deps.carts.change(owner, item.serviceId, item.quantity))) {
    throw new TradingError('cartItemNotFound', { serviceId: item.serviceId });
  }
  return deps.carts.items(owner);
}

export async function removeCartItem(
  deps: CartDeps,
  caller: Caller,
  serviceId: string,
): Promise<CartItem[]> {
  const owner = ownerOf(caller);
  if (!(await deps.carts.remove(owner, serviceId))) {
    throw new TradingError('cartItemNotFound', { serviceId });
  }
  return deps.carts.items(owner);
}
