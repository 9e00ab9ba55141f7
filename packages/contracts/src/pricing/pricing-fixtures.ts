import { randomBytes } from 'node:crypto';
import type { PriceList, PriceRule, ServiceSnapshot } from '../events/catalog.ts';

/** A UUIDv7 for test data: 48 bits of milliseconds, version 7, variant 10, random rest. */
export function testId(): string {
  const bytes = randomBytes(16);
  bytes.writeUIntBE(Date.now(), 0, 6);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x70;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function aService(overrides: Partial<ServiceSnapshot> = {}): ServiceSnapshot {
  return {
    serviceId: testId(),
    version: 1,
    providerOrganizationId: 'provider-a',
    name: 'MRI brain without contrast',
    procedureCode: { system: 'CPT', code: '70551' },
    indications: [],
    careSetting: 'outpatient',
    unit: 'procedure',
    basePrice: { amountMinor: 100_000, currency: 'USD' },
    components: [],
    status: 'published',
    ...overrides,
  };
}

export function aList(overrides: Partial<PriceList> = {}): PriceList {
  return {
    priceListId: testId(),
    version: 1,
    providerOrganizationId: 'provider-a',
    buyerOrganizationId: null,
    currency: 'USD',
    validFrom: '2026-01-01T00:00:00.000Z',
    validTo: null,
    entries: [],
    rules: [],
    ...overrides,
  };
}

export function percentage(adjustmentBps: number, serviceId: string | null = null): PriceRule {
  return { kind: 'percentage', ruleId: testId(), version: 1, serviceId, adjustmentBps };
}

export function fixed(adjustmentMinor: number, serviceId: string | null = null): PriceRule {
  return { kind: 'fixed', ruleId: testId(), version: 1, serviceId, adjustmentMinor };
}

export function tiers(
  steps: { minQuantity: number; discountBps: number }[],
  serviceId: string | null = null,
): PriceRule {
  return { kind: 'volume-tier', ruleId: testId(), version: 2, serviceId, tiers: steps };
}
