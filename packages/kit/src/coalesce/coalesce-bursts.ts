export interface BurstOptions<E> {
  /** What makes events alike; `undefined` writes the event at once, never coalesced. */
  keyOf(event: E): string | undefined;
  /** Writes one record: `count` is absent for a first occurrence, the repeats for a burst. */
  write(event: E, count?: number): Promise<void>;
  windowMs: number;
  /** Distinct keys held per window; events of further keys are counted in overflow groups. */
  maxKeys: number;
  /** The overflow group of an event beyond the bound; one group for all when absent. */
  overflowKeyOf?(event: E): string;
  /** The record that stands for an overflow group, made from its first event. */
  asOverflow?(event: E): E;
  /** Failures of the writes at the end of a window, which have no caller to throw to. */
  onError(error: unknown): void;
}

export interface Bursts<E> {
  record(event: E): Promise<void>;
  /** Stops the window timer and writes the pending counts. */
  close(): Promise<void>;
}

interface Burst<E> {
  event: E;
  repeats: number;
}

/**
 * Writes the first of alike events per window at once and the rest of the window as one record
 * with their count when it ends, so that a flood costs at most two writes per key and window.
 * The keys held per window are bounded: beyond `maxKeys`, events are only counted, per overflow
 * group. A failed first write throws to the caller; a failed count goes to `onError`.
 * Known limit: counts live in the process; a crash loses the repeats of the current window
 * (each first occurrence is already written), which a security feed can live with. Counting in
 * Redis would lift it at one more round trip per event.
 */
export function coalesceBursts<E>(options: BurstOptions<E>): Bursts<E> {
  let bursts = new Map<string, Burst<E>>();
  let overflow = new Map<string, Burst<E>>();

  const flush = async () => {
    const ended = [...bursts.values(), ...overflow.values()].filter((b) => b.repeats > 0);
    bursts = new Map();
    overflow = new Map();
    for (const burst of ended) {
      await options.write(burst.event, burst.repeats).catch(options.onError);
    }
  };
  const timer = setInterval(() => void flush(), options.windowMs);
  timer.unref();

  const countOverflow = (event: E) => {
    const group = options.overflowKeyOf?.(event) ?? '';
    const burst = overflow.get(group);
    if (burst) burst.repeats += 1;
    else overflow.set(group, { event: options.asOverflow?.(event) ?? event, repeats: 1 });
  };

  const record = async (event: E) => {
    const key = options.keyOf(event);
    if (key === undefined) return options.write(event);

    const burst = bursts.get(key);
    if (burst) {
      burst.repeats += 1;
      return;
    }
    if (bursts.size < options.maxKeys) {
      bursts.set(key, { event, repeats: 0 });
      return options.write(event);
    }
    countOverflow(event);
  };

  return {
    record,
    async close() {
      clearInterval(timer);
      await flush();
    },
  };
}
