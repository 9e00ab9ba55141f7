import { randomBytes } from 'node:crypto';
import { uuidv7 } from 'uuidv7';
import type { CompletedPurchase } from '../domain/completed-purchase.ts';

/** A completed purchase with fresh ids: what TransactionCompleted carries, mapped. */
export function completedPurchase(overrides: Partial<CompletedPurchase> = {}): CompletedPurchase {
  return {
    transactionId: uuidv7(),
    buyerOrganizationId: `org-insurer-${randomBytes(4).toString('hex')}`,
    providerOrganizationId: `org-provider-${randomBytes(4).toString('hex')}`,
    intermediaryOrganizationId: null,
    currency: 'EUR',
    services: [
      {
        serviceId: uuidv7(),
        serviceVersion: 3,
        name: 'Knee MRI without contrast',
        procedureCode: { system: 'CPT', code: '73721' },
        indications: [{ code: 'FA01.1', releaseId: '2025-01' }],
        quantity: 2,
        unitPriceMinor: 45_000,
        lineTotalMinor: 90_000,
      },
    ],
    subtotalMinor: 90_000,
    platformFeeMinor: 2_700,
    commissionMinor: 0,
    totalMinor: 92_700,
    completedAt: new Date().toISOString(),
    ...overrides,
  };
}

/** A fresh 32-byte key-encryption key. */
export function testKek(): Buffer {
  return randomBytes(32);
}

/** A cause for changes a test makes directly, as the system. */
export function systemCause() {
  return {
    correlationId: `test-${randomBytes(6).toString('hex')}`,
    causationId: null,
    actor: { userId: null, organizationId: null, role: 'system' as const },
  };
}

/** The service core on a test database. */
export function testCoreConfig(databaseUrl: string, kek: Buffer = testKek()) {
  return {
    databaseUrl,
    kek,
    issuer: { id: 'https://hcts.test', name: 'HCTS test', validityDays: 365 },
    logOrigin: 'hcts.test/log',
  };
}
