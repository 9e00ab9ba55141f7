import { type Bursts, coalesceBursts } from '@hcts/kit';
import type { SecurityEvent, SecurityEvents, SecurityEventType } from './ports.ts';

export interface CoalescerOptions {
  /** Kinds that a flood of requests can repeat; the others are recorded one by one. */
  kinds: ReadonlySet<SecurityEventType>;
  windowMs: number;
  /** Distinct keys held per window; more keys in one window are counted in one record a type. */
  maxKeys: number;
  onError: (error: unknown) => void;
}

/**
 * The gateway's security events through the kit's burst coalescer: alike events (same type,
 * subject, address and details) of the burst kinds are written once per window and then as one
 * record with a `count`; beyond the bound, one record per type marked `overflow`.
 */
export function coalesceSecurityEvents(
  inner: SecurityEvents,
  options: CoalescerOptions,
): Bursts<SecurityEvent> {
  return coalesceBursts<SecurityEvent>({
    keyOf: (event) => (options.kinds.has(event.type) ? keyOf(event) : undefined),
    write: (event, count) => inner.record(count === undefined ? event : { ...event, count }),
    windowMs: options.windowMs,
    maxKeys: options.maxKeys,
    overflowKeyOf: (event) => event.type,
    asOverflow: (event) => ({ ...event, details: { ...event.details, overflow: true } }),
    onError: options.onError,
  });
}

function keyOf(event: SecurityEvent): string {
  const details = Object.entries(event.details ?? {}).sort(([a], [b]) => a.localeCompare(b));
  return JSON.stringify([event.type, event.subject ?? '', event.address ?? '', details]);
}
