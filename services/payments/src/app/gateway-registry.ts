import { PaymentError } from '../domain/errors.ts';
import type { PaymentGateway } from './ports/payment-gateway.ts';

/** The configured gateways and the order in which they serve an organization. */
export class GatewayRegistry {
  readonly #gateways: ReadonlyMap<string, PaymentGateway>;
  readonly #defaultOrder: readonly string[];

  constructor(gateways: readonly PaymentGateway[], defaultOrder: readonly string[]) {
    this.#gateways = new Map(gateways.map((g) => [g.name, g]));
    for (const name of defaultOrder) this.get(name);
    this.#defaultOrder = defaultOrder;
  }

  get(name: string): PaymentGateway {
    const gateway = this.#gateways.get(name);
    if (!gateway) throw new PaymentError('PAYMENTS_GATEWAY_UNKNOWN', { gateway: name });
    return gateway;
  }

  has(name: string): boolean {
    return this.#gateways.has(name);
  }

  /** The organization's own order first (known gateways only), then the default's others. */
  orderFor(preferred: readonly string[] | undefined): string[] {
    const own = (preferred ?? []).filter((n) => this.#gateways.has(n));
    return [...own, ...this.#defaultOrder.filter((n) => !own.includes(n))];
  }
}
