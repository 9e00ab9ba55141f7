/** Roles as trading sees them; mirrors the platform's closed set. */
export type Role = 'admin' | 'provider' | 'insurer' | 'intermediary' | 'system';

export interface Actor {
  userId: string | null;
  organizationId: string | null;
  role: Role;
}

/** What trading knows of an organization, from the gateway's identity events. */
export interface OrganizationStanding {
  organizationId: string;
  kind: 'operator' | 'provider' | 'insurer' | 'intermediary';
  status: 'pending' | 'verified' | 'rejected' | 'suspended';
}

export interface Parties {
  buyerOrganizationId: string;
  providerOrganizationId: string;
  intermediaryOrganizationId: string | null;
}

export interface FrozenRule {
  ruleId: string;
  version: number;
}

export interface QuoteComponent {
  serviceId: string;
  quantity: number;
  shareBps: number;
}

/** One priced line, frozen at quote time. */
export interface QuoteLine {
  serviceId: string;
  serviceVersion: number;
  name: string;
  procedureCode: { system: string; code: string };
  indications: { code: string; releaseId: string }[];
  quantity: number;
  unitPriceMinor: number;
  lineTotalMinor: number;
  priceListId: string | null;
  appliedRules: FrozenRule[];
  components: QuoteComponent[];
}

/**
 * What the buyer pays is `totalMinor`, equal to the subtotal of the lines. The platform fee
 * and the intermediary commission come out of it; the provider receives the rest.
 */
export interface FrozenQuote {
  quoteId: string;
  currency: string;
  lines: QuoteLine[];
  subtotalMinor: number;
  platformFeeBps: number;
  platformFeeMinor: number;
  commissionBps: number;
  commissionMinor: number;
  totalMinor: number;
  expiresAt: string;
}

/** A service's sellability as the catalog replica knows it at command time. */
export interface ServiceAvailability {
  serviceId: string;
  providerOrganizationId: string;
  status: 'draft' | 'published' | 'retired' | 'unknown';
}
