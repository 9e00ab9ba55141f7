import { z } from 'zod';
import { defineEvent } from '../define-event.ts';
import {
  BasisPoints,
  Currency,
  EntityId,
  ForeignId,
  Indication,
  MinorUnits,
  Money,
  ProcedureCode,
  SignedMinorUnits,
  Timestamp,
} from '../primitives.ts';

export const ServiceStatus = z.enum(['draft', 'published', 'retired']);
export const CareSetting = z.enum(['inpatient', 'outpatient', 'both', 'home', 'virtual']);

export const ServiceComponent = z.strictObject({
  serviceId: EntityId,
  quantity: z.int().min(1).max(1_000),
  /** Share of the bundle price in basis points; the shares of a bundle sum to 10,000. */
  shareBps: BasisPoints,
});

/** A service as trading's replica needs it to price and to freeze a quote. */
export const ServiceSnapshot = z.strictObject({
  serviceId: EntityId,
  version: z.int().min(1),
  providerOrganizationId: ForeignId,
  name: z.string().min(1).max(300),
  procedureCode: ProcedureCode,
  indications: z.array(Indication).max(50),
  careSetting: CareSetting,
  unit: z.string().min(1).max(40),
  basePrice: Money,
  components: z.array(ServiceComponent).max(50),
  status: ServiceStatus,
});
export type ServiceSnapshot = z.infer<typeof ServiceSnapshot>;

/** A versioned pricing rule; a quote freezes (ruleId, version) of every rule it applied. */
export const PriceRule = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('volume-tier'),
    ruleId: EntityId,
    version: z.int().min(1),
    serviceId: EntityId.nullable(),
    /** Ascending by minQuantity; the highest tier reached discounts the unit price. */
    tiers: z
      .array(z.strictObject({ minQuantity: z.int().min(1), discountBps: BasisPoints }))
      .min(1)
      .max(20),
  }),
  z.strictObject({
    kind: z.literal('percentage'),
    ruleId: EntityId,
    version: z.int().min(1),
    serviceId: EntityId.nullable(),
    /** Positive raises, negative lowers the unit price. */
    adjustmentBps: z.int().min(-10_000).max(10_000),
  }),
  z.strictObject({
    kind: z.literal('fixed'),
    ruleId: EntityId,
    version: z.int().min(1),
    serviceId: EntityId.nullable(),
    adjustmentMinor: SignedMinorUnits,
  }),
]);
export type PriceRule = z.infer<typeof PriceRule>;

export const PriceList = z.strictObject({
  priceListId: EntityId,
  version: z.int().min(1),
  providerOrganizationId: ForeignId,
  /** Null for the provider's default list; else the insurer or intermediary it was negotiated with. */
  buyerOrganizationId: ForeignId.nullable(),
  currency: Currency,
  validFrom: Timestamp,
  validTo: Timestamp.nullable(),
  entries: z.array(z.strictObject({ serviceId: EntityId, unitPriceMinor: MinorUnits })).max(10_000),
  rules: z.array(PriceRule).max(100),
});
export type PriceList = z.infer<typeof PriceList>;

export const ServicePublished = defineEvent({
  context: 'catalog',
  name: 'service-published',
  version: 1,
  schema: ServiceSnapshot,
  subjectOf: (d) => d.serviceId,
  description: 'A provider published a service: it can be found and bought from now on.',
});

export const ServiceUpdated = defineEvent({
  context: 'catalog',
  name: 'service-updated',
  version: 1,
  schema: ServiceSnapshot,
  subjectOf: (d) => d.serviceId,
  description: 'A service changed; the data is the whole new version.',
});

export const ServiceRetired = defineEvent({
  context: 'catalog',
  name: 'service-retired',
  version: 1,
  schema: z.strictObject({
    serviceId: EntityId,
    version: z.int().min(1),
    providerOrganizationId: ForeignId,
    retiredAt: Timestamp,
  }),
  subjectOf: (d) => d.serviceId,
  description: 'A service was retired: it can no longer be bought.',
});

export const PriceListChanged = defineEvent({
  context: 'catalog',
  name: 'price-list-changed',
  version: 1,
  schema: PriceList,
  subjectOf: (d) => d.priceListId,
  description: 'A price list was created or changed; the data is the whole new version.',
});

export const catalogEvents = [
  ServicePublished,
  ServiceUpdated,
  ServiceRetired,
  PriceListChanged,
] as const;
