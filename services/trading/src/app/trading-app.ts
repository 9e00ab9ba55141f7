import type { Logger } from 'pino';
import type {
  CartStore,
  CatalogReplica,
  Clock,
  OrganizationDirectory,
  PurchaseFactsReader,
  TransactionRepository,
} from './ports.ts';
import type { QuoteRates } from './quote-purchase.ts';

/** Everything the commands and queries need, built once by the composition root. */
export interface TradingApp {
  repo: TransactionRepository;
  replica: CatalogReplica;
  carts: CartStore;
  organizations: OrganizationDirectory;
  /** The replicas as a purchase command reads them: together, in one round trip. */
  facts: PurchaseFactsReader;
  clock: Clock;
  rates: QuoteRates;
  log: Logger;
}
