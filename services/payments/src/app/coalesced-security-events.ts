import { type Bursts, coalesceBursts } from '@hcts/kit';
import type { PaymentsSecurityEvent, SecurityEvents } from './ports/security-events.ts';

export interface CoalescingOptions {
  windowMs: number;
  /** Distinct senders held per window; more are counted in one record. */
  maxKeys: number;
  onError: (error: unknown) => void;
}

/**
 * An unauthenticated sender can repeat a bad webhook as fast as it likes, so the kit's burst
 * coalescer writes the first per gateway, sender and reason at once and the repeats of the
 * window as one record with their count: at most two writes per sender and window.
 */
export function coalescedSecurityEvents(
  inner: SecurityEvents,
  options: CoalescingOptions,
): SecurityEvents & Pick<Bursts<PaymentsSecurityEvent>, 'close'> {
  return coalesceBursts<PaymentsSecurityEvent>({
    keyOf: (event) => JSON.stringify([event.kind, event.gateway, event.address, event.reason]),
    write: (event, count) => inner.record(event, count),
    ...options,
  });
}
