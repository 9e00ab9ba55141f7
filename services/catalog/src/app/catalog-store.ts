import type { StagedEvent } from '@hcts/bus';
import type { PriceList } from '@hcts/contracts';
import type {
  CatalogService,
  ComponentCandidate,
  ServiceStatus,
} from '../domain/catalog-service.ts';
import type { CatalogItem } from '../domain/cms/catalog-items.ts';
import type { HospitalProfile } from '../domain/cms/export-v3.ts';

export interface ServiceFilter {
  providerOrganizationId?: string;
  statuses?: readonly ServiceStatus[];
  limit: number;
  afterServiceId?: string;
}

export interface MarketplaceQuery {
  text?: string;
  chapter?: string;
  icdCode?: string;
  system?: string;
  providerOrganizationId?: string;
  careSetting?: string;
  minPriceMinor?: number;
  maxPriceMinor?: number;
  /** The caller's organization, whose negotiated list prices the range and the sort. */
  buyerOrganizationId: string | null;
  sort: 'relevance' | 'price' | 'newest';
  limit: number;
  cursor?: { key: number | string; id: string };
}

export interface MarketplaceHit {
  service: CatalogService;
  /** Starting unit price for the caller: negotiated entry, else default entry, else base. */
  listPriceMinor: number;
  score: number;
  sortKey: number | string;
}

/** What one transaction of the catalog can read and write. */
export interface CatalogTransaction {
  getService(serviceId: string, forUpdate?: boolean): Promise<CatalogService | undefined>;
  componentCandidates(ids: readonly string[]): Promise<Map<string, ComponentCandidate>>;
  insertService(service: CatalogService, cmsItem?: CatalogItem): Promise<void>;
  updateService(service: CatalogService, cmsItem?: CatalogItem): Promise<void>;
  findByProcedure(
    providerOrganizationId: string,
    system: string,
    code: string,
    name: string,
  ): Promise<CatalogService | undefined>;
  getPriceList(priceListId: string, forUpdate?: boolean): Promise<PriceList | undefined>;
  savePriceList(list: PriceList, name: string): Promise<void>;
  findPriceList(
    providerOrganizationId: string,
    buyerOrganizationId: string | null,
    name: string,
  ): Promise<PriceList | undefined>;
  saveProfile(organizationId: string, profile: HospitalProfile): Promise<void>;
  stage(events: readonly StagedEvent[]): Promise<void>;
}

export interface CatalogStore {
  transaction<T>(work: (tx: CatalogTransaction) => Promise<T>): Promise<T>;
  getService(serviceId: string): Promise<CatalogService | undefined>;
  listServices(filter: ServiceFilter): Promise<CatalogService[]>;
  priceListsOf(providerOrganizationId: string): Promise<PriceList[]>;
  marketplace(query: MarketplaceQuery): Promise<MarketplaceHit[]>;
  stats(providerOrganizationId: string | null): Promise<ServiceStats>;
  payerAliases(): Promise<Map<string, string>>;
  setPayerAlias(payerName: string, organizationId: string): Promise<void>;
  profileOf(organizationId: string): Promise<HospitalProfile | undefined>;
  cmsItemsOf(organizationId: string): Promise<{ item: CatalogItem; service: CatalogService }[]>;
}

export interface ServiceStats {
  total: number;
  byStatus: Record<ServiceStatus, number>;
  byCareSetting: Record<string, number>;
  composite: number;
}
