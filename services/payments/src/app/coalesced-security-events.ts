import type { PaymentsSecurityEvent, SecurityEvents } from './ports/security-events.ts';

export interface CoalescingOptions {
  windowMs: number;
  /** Distinct senders held per window; more are counted in one record. */
  maxKeys: number;
  onError: (error: unknown) => void;
}

interface Burst {
  event: PaymentsSecurityEvent;
  repeats: number;
}

/**
 * An unauthenticated sender can repeat a bad webhook as fast as it likes, so the first one per
 * gateway, sender and reason is recorded at once and the repeats of the window as one record
 * with their count when it ends: at most two writes per sender and window. `close()` writes
 * what is pending.
 * Known limit: repeats are counted in the process; a crash loses the current window's count
 * (its first occurrence is recorded), acceptable for a security feed.
 */
export function coalescedSecurityEvents(
  inner: SecurityEvents,
  options: CoalescingOptions,
): SecurityEvents & { close(): Promise<void> } {
  let bursts = new Map<string, Burst>();
  let overflow: Burst | undefined;

  const flush = async () => {
    const ended = [...bursts.values(), ...(overflow ? [overflow] : [])];
    bursts = new Map();
    overflow = undefined;
    for (const burst of ended.filter((b) => b.repeats > 0)) {
      await inner.record(burst.event, burst.repeats).catch(options.onError);
    }
  };
  const timer = setInterval(() => void flush(), options.windowMs);
  timer.unref();

  const record = async (event: PaymentsSecurityEvent) => {
    const key = JSON.stringify([event.kind, event.gateway, event.address, event.reason]);
    const burst = bursts.get(key);
    if (burst) {
      burst.repeats += 1;
    } else if (bursts.size < options.maxKeys) {
      bursts.set(key, { event, repeats: 0 });
      await inner.record(event);
    } else if (overflow) {
      overflow.repeats += 1;
    } else {
      overflow = { event, repeats: 1 };
    }
  };

  return {
    record,
    async close() {
      clearInterval(timer);
      await flush();
    },
  };
}
