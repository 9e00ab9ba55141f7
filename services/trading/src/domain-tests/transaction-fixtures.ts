import { freezeQuote } from '../domain/quote.ts';
import type {
  Actor,
  FrozenQuote,
  Parties,
  QuoteLine,
  ServiceAvailability,
} from '../domain/types.ts';

/** Builders for the domain's tests: each call makes fresh ids. */
let counter = 0;
export const nextId = (prefix: string) =>
  `${prefix}-${++counter}-${Math.random().toString(36).slice(2, 8)}`;

export const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 12, minute)).toISOString();

export function scenario(options: { intermediary?: boolean; lines?: [number, number][] } = {}) {
  const parties: Parties = {
    buyerOrganizationId: nextId('insurer'),
    providerOrganizationId: nextId('provider'),
    intermediaryOrganizationId: options.intermediary ? nextId('broker') : null,
  };
  const lines = (options.lines ?? [[12_345, 2]]).map(([unit, quantity]) => line(unit, quantity));
  const quote: FrozenQuote = freezeQuote({
    quoteId: nextId('quote'),
    currency: 'EUR',
    lines,
    platformFeeBps: 250,
    commissionBps: options.intermediary ? 500 : 0,
    expiresAt: at(30),
  });
  const services: ServiceAvailability[] = lines.map((l) => ({
    serviceId: l.serviceId,
    providerOrganizationId: parties.providerOrganizationId,
    status: 'published',
  }));
  const buyer: Actor = options.intermediary
    ? {
        userId: nextId('u'),
        organizationId: parties.intermediaryOrganizationId,
        role: 'intermediary',
      }
    : { userId: nextId('u'), organizationId: parties.buyerOrganizationId, role: 'insurer' };
  return { transactionId: nextId('tx'), parties, quote, services, buyer };
}

function line(unitPriceMinor: number, quantity: number): QuoteLine {
  return {
    serviceId: nextId('svc'),
    serviceVersion: 1,
    name: 'MRI scan',
    procedureCode: { system: 'CPT', code: '70551' },
    indications: [],
    quantity,
    unitPriceMinor,
    lineTotalMinor: unitPriceMinor * quantity,
    priceListId: null,
    appliedRules: [],
    components: [],
  };
}
