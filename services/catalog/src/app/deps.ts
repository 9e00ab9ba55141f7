import type { CatalogStore } from './catalog-store.ts';
import type { Icd11Store } from './icd11/icd11-store.ts';

/** What the catalog's commands and queries need; main.ts and tests build it. */
export interface CatalogDeps {
  store: CatalogStore;
  icd11: Icd11Store;
  now: () => Date;
  newId: () => string;
}

/** Who caused a change, for the event envelope. */
export interface RequestMeta {
  correlationId: string;
}
