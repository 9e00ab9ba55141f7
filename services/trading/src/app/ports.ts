import type { PriceList, ServiceSnapshot } from '@hcts/contracts';
import type { EventStore } from '@hcts/event-store';
import type { TransactionStatus } from '../domain/state.ts';
import type { OrganizationStanding } from '../domain/types.ts';

/** One row of the transaction list: what the role filters and the page need. */
export interface TransactionSummary {
  transactionId: string;
  status: TransactionStatus;
  version: number;
  buyerOrganizationId: string;
  providerOrganizationId: string;
  intermediaryOrganizationId: string | null;
  currency: string;
  totalMinor: number;
  refundedMinor: number;
  updatedAt: string;
}

/** Work that commits or rolls back as one: appends and the list row together. */
export interface TransactionUnit {
  events: EventStore;
  saveSummary(summary: TransactionSummary): Promise<void>;
}

export interface ListFilter {
  /** Which column the caller's organization must match; null for everything (admins). */
  side: 'buyer' | 'provider' | 'intermediary' | null;
  organizationId: string;
  status?: TransactionStatus;
  /** Return rows strictly after this transaction id, in descending id order. */
  after?: string;
  limit: number;
}

export interface TransactionRepository {
  /** Runs `work` in one database transaction. */
  inUnit<T>(work: (unit: TransactionUnit) => Promise<T>): Promise<T>;
  events: EventStore;
  list(filter: ListFilter): Promise<TransactionSummary[]>;
}

/** One waiting read's interest in a transaction; `settled` resolves on a change or timeout. */
export interface TransactionWatch {
  settled: Promise<void>;
  /** Ends the watch now (the read has its answer). */
  stop(): void;
}

/** Tells a waiting read that a transaction changed, whichever process appended. */
export interface TransactionChanges {
  /** Undefined when no more watches can be held: the read answers without waiting. */
  watch(transactionId: string, timeoutMs: number): TransactionWatch | undefined;
}

/** Trading's local copy of catalog data, fed only by catalog events. */
export interface CatalogReplica {
  services(serviceIds: readonly string[]): Promise<ServiceSnapshot[]>;
  priceListsOf(providerOrganizationId: string): Promise<PriceList[]>;
}

/** Trading's copy of the gateway's organizations (kind and status), fed by identity events. */
export interface OrganizationDirectory {
  standings(organizationIds: readonly string[]): Promise<Map<string, OrganizationStanding>>;
}

export interface CartItem {
  serviceId: string;
  quantity: number;
  updatedAt: string;
}

export interface CartStore {
  items(ownerOrganizationId: string): Promise<CartItem[]>;
  /** Adds to the quantity already in the cart (or puts the item in). */
  add(ownerOrganizationId: string, serviceId: string, quantity: number): Promise<void>;
  /** Sets the quantity; false when the item is not in the cart. */
  change(ownerOrganizationId: string, serviceId: string, quantity: number): Promise<boolean>;
  remove(ownerOrganizationId: string, serviceId: string): Promise<boolean>;
}

export interface Clock {
  now(): Date;
}
