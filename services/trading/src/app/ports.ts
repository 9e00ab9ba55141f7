import type { PriceList, ServiceSnapshot } from '@hcts/contracts';
import type { EventStore, ExpectedVersion, NewEvent } from '@hcts/event-store';
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

/** The first response of a call made with an Idempotency-Key, kept with the call's effect. */
export interface KeptResponse {
  organizationId: string;
  key: string;
  requestHash: string;
  statusCode: number;
  body: unknown;
}

/** What one command changes: its events, the list row, and the response to keep, if any. */
export interface TransactionChange {
  streamId: string;
  events: readonly NewEvent[];
  /** The version the command decided on. */
  expected: ExpectedVersion;
  /** The list row after the command; null only for a transaction that still does not exist. */
  summary: TransactionSummary | null;
  response?: KeptResponse;
}

/** Reads a transaction's stream and saves a command's change, all of it or nothing. */
export interface TransactionUnit {
  events: EventStore;
  save(change: TransactionChange): Promise<void>;
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
  /** Commands of their own: each save is atomic by itself. */
  unit: TransactionUnit;
  events: EventStore;
  list(filter: ListFilter): Promise<TransactionSummary[]>;
}

/**
 * One waiting read's interest in a transaction, taken before the read so that a change
 * committed meanwhile is not missed; it ends at the timeout at the latest.
 */
export interface TransactionWatch {
  /** Resolves once a version after `version` (the one read) is committed, or at the timeout. */
  changedAfter(version: number): Promise<void>;
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

/** What a purchase command needs of the replicas, asked for at once. */
export interface PurchaseFactsQuery {
  serviceIds: readonly string[];
  organizationIds: readonly string[];
  /** The price lists of the services' providers too (a quote prices its lines). */
  withPriceLists: boolean;
}

export interface PurchaseFacts {
  services: ServiceSnapshot[];
  standings: Map<string, OrganizationStanding>;
  priceLists: PriceList[];
}

/** The catalog and organization replicas, read together in one round trip. */
export interface PurchaseFactsReader {
  read(query: PurchaseFactsQuery): Promise<PurchaseFacts>;
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
