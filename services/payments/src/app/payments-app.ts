import type { Logger } from 'pino';
import type { Authorizer } from './authorizer.ts';
import type { GatewayRegistry } from './gateway-registry.ts';
import type { PaymentsReader } from './ports/payments-reader.ts';
import type { PaymentsStore } from './ports/payments-store.ts';
import type { SecurityEvents } from './ports/security-events.ts';

/** Everything the adapters call into, composed once in main.ts (and by tests). */
export interface PaymentsApp {
  store: PaymentsStore;
  reader: PaymentsReader;
  registry: GatewayRegistry;
  authorizer: Authorizer;
  security: SecurityEvents;
  log: Logger;
}
