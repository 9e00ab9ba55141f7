import type { EventDefinition } from '../define-event.ts';
import { catalogEvents } from './catalog.ts';
import { certificatesEvents } from './certificates.ts';
import { complianceEvents } from './compliance.ts';
import { identityEvents } from './identity.ts';
import { paymentsEvents } from './payments.ts';
import { securityEvents } from './security.ts';
import { tradingEvents } from './trading.ts';

export * from './catalog.ts';
export * from './certificates.ts';
export * from './compliance.ts';
export * from './identity.ts';
export * from './payments.ts';
export * from './security.ts';
export * from './trading.ts';

/** Every integration event, by type: what a consumer validates an incoming message against. */
export const allEvents: readonly EventDefinition[] = [
  ...identityEvents,
  ...catalogEvents,
  ...tradingEvents,
  ...paymentsEvents,
  ...certificatesEvents,
  ...complianceEvents,
  ...securityEvents,
];

export const eventsByType: ReadonlyMap<string, EventDefinition> = new Map(
  allEvents.map((e) => [e.type, e]),
);
