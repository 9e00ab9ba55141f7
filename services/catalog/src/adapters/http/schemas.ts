import { Currency, MinorUnits, SignedMinorUnits, Text, Timestamp } from '@hcts/contracts';
import { z } from 'zod';
import { CareSettings, ProcedureSystems, ServiceStatuses } from '../../domain/catalog-service.ts';

export const ServiceBody = z.strictObject({
  name: Text.trim().min(1).max(300),
  description: Text.max(5_000).default(''),
  procedureCode: z.strictObject({
    system: z.enum(ProcedureSystems),
    code: Text.trim().min(1).max(40),
  }),
  indicationCodes: z.array(Text.trim().min(2).max(40)).max(50).default([]),
  careSetting: z.enum(CareSettings),
  unit: Text.trim().min(1).max(40).default('procedure'),
  basePrice: z.strictObject({ amountMinor: MinorUnits, currency: Currency }),
  components: z
    .array(
      z.strictObject({
        serviceId: z.uuid(),
        quantity: z.int().min(1).max(1_000),
        shareBps: z.int().min(0).max(10_000),
      }),
    )
    .max(50)
    .default([]),
  availability: z.enum(['available', 'limited', 'unavailable']).default('available'),
  status: z
    .enum(Object.values(ServiceStatuses) as ['draft', 'published', 'retired'])
    .default('draft'),
});
export type ServiceBody = z.infer<typeof ServiceBody>;

export const CreateServiceBody = ServiceBody.extend({
  providerOrganizationId: Text.min(1).max(100).optional(),
});
export const UpdateServiceBody = ServiceBody.extend({ expectedVersion: z.int().min(1).optional() });

export const QuoteBody = z.strictObject({
  quantity: z.int().min(1).max(10_000),
  buyerOrganizationId: Text.min(1).max(100).optional(),
  at: Timestamp.optional(),
});

const ruleScope = { ruleId: z.uuid().optional(), serviceId: z.uuid().nullable().default(null) };
export const PriceListBody = z.strictObject({
  name: Text.trim().min(1).max(200),
  buyerOrganizationId: Text.min(1).max(100).nullable().default(null),
  currency: Currency,
  validFrom: Timestamp,
  validTo: Timestamp.nullable().default(null),
  entries: z
    .array(z.strictObject({ serviceId: z.uuid(), unitPriceMinor: MinorUnits }))
    .max(10_000)
    .default([]),
  rules: z
    .array(
      z.discriminatedUnion('kind', [
        z.strictObject({
          kind: z.literal('volume-tier'),
          ...ruleScope,
          tiers: z
            .array(
              z.strictObject({
                minQuantity: z.int().min(1),
                discountBps: z.int().min(0).max(10_000),
              }),
            )
            .min(1)
            .max(20),
        }),
        z.strictObject({
          kind: z.literal('percentage'),
          ...ruleScope,
          adjustmentBps: z.int().min(-10_000).max(10_000),
        }),
        z.strictObject({
          kind: z.literal('fixed'),
          ...ruleScope,
          adjustmentMinor: SignedMinorUnits,
        }),
      ]),
    )
    .max(100)
    .default([]),
  providerOrganizationId: Text.min(1).max(100).optional(),
});

export const ListQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  after: z.uuid().optional(),
});

export const IdParams = z.strictObject({ id: Text.min(1).max(100) });
export const UuidParams = z.strictObject({ id: z.uuid() });
