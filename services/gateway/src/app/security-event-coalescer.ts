import type { SecurityEvent, SecurityEvents, SecurityEventType } from './ports.ts';

export interface CoalescerOptions {
  /** Kinds that a flood of requests can repeat; the others are recorded one by one. */
  kinds: ReadonlySet<SecurityEventType>;
  windowMs: number;
  /** Distinct keys held per window; more keys in one window are counted in one record. */
  maxKeys: number;
  onError: (error: unknown) => void;
}

interface Burst {
  event: SecurityEvent;
  repeats: number;
}

/**
 * Records the first of alike security events (same type, subject, address and details) per
 * window at once, and their repeats as one record with a count when the window ends, so that a
 * burst of refused requests costs at most two writes per key and window. `close()` writes what
 * is pending.
 * Known limit: counts live in the process; a crash loses the repeats of the current window
 * (the first occurrence is already recorded), which a security feed can live with.
 */
export function coalesceSecurityEvents(inner: SecurityEvents, options: CoalescerOptions) {
  let bursts = new Map<string, Burst>();
  let overflow = new Map<SecurityEventType, Burst>();

  const flush = async () => {
    const ended = [...bursts.values(), ...overflow.values()].filter((b) => b.repeats > 0);
    bursts = new Map();
    overflow = new Map();
    for (const burst of ended) {
      await inner.record({ ...burst.event, count: burst.repeats }).catch(options.onError);
    }
  };
  const timer = setInterval(() => void flush(), options.windowMs);
  timer.unref();

  const record = async (event: SecurityEvent) => {
    if (!options.kinds.has(event.type)) return inner.record(event);

    const key = keyOf(event);
    const burst = bursts.get(key);
    if (burst) {
      burst.repeats += 1;
      return;
    }
    if (bursts.size < options.maxKeys) {
      bursts.set(key, { event, repeats: 0 });
      return inner.record(event);
    }
    countOverflow(overflow, event);
  };

  return {
    record,
    async close() {
      clearInterval(timer);
      await flush();
    },
  };
}

function countOverflow(overflow: Map<SecurityEventType, Burst>, event: SecurityEvent) {
  const burst = overflow.get(event.type);
  if (burst) burst.repeats += 1;
  else overflow.set(event.type, { event: withOverflowMark(event), repeats: 1 });
}

function withOverflowMark(event: SecurityEvent): SecurityEvent {
  return { ...event, details: { ...event.details, overflow: true } };
}

function keyOf(event: SecurityEvent): string {
  const details = Object.entries(event.details ?? {}).sort(([a], [b]) => a.localeCompare(b));
  return JSON.stringify([event.type, event.subject ?? '', event.address ?? '', details]);
}
