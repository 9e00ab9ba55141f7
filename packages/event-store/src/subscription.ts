import type { Logger } from 'pino';
import type { CheckpointStore } from './checkpoints.ts';
import { comparePositions, startPosition } from './global-position.ts';
import type { EventStore, GlobalPosition, RecordedEvent } from './types.ts';

export interface CatchUpOptions {
  store: EventStore;
  checkpoints: CheckpointStore;
  /** Names the checkpoint; one per subscriber. */
  subscriberId: string;
  /** Handles one batch in global order; the checkpoint moves past it once this resolves. */
  handle: (events: readonly RecordedEvent[]) => Promise<void>;
  batchSize?: number;
  /** Wait between polls when the log is drained; 100 ms by default. */
  idleMs?: number;
  /** Wait after a failed batch before trying it again; 1 s by default. */
  retryMs?: number;
  log?: Logger;
}

export interface Subscription {
  /** Resolves once the loop has stopped after its current batch. */
  stop(): Promise<void>;
  /** Resolves when the subscriber has handled everything up to `position`. */
  caughtUpTo(position: GlobalPosition): Promise<void>;
  /** Reads again now instead of after the idle pause (a writer said it committed). */
  wake(): void;
}

/**
 * Follows the global order from the saved checkpoint: read a batch, hand it over, save the
 * position, repeat; poll when drained. Delivery is at least once (a crash between handling
 * and saving repeats that batch), so handlers are idempotent on the event id.
 */
export function subscribeToAll(options: CatchUpOptions): Subscription {
  const catchUp = new CatchUp(options);
  const loop = catchUp.run();
  return {
    stop: async () => {
      catchUp.halt();
      await loop;
    },
    caughtUpTo: (target) => catchUp.waitFor(target),
    wake: () => catchUp.wake(),
  };
}

class CatchUp {
  readonly #options: CatchUpOptions;
  readonly #batchSize: number;
  readonly #waiters: { position: GlobalPosition; resolve: () => void }[] = [];
  #position: GlobalPosition | undefined;
  #running = true;
  #wake: (() => void) | undefined;
  #woken = false;

  constructor(options: CatchUpOptions) {
    this.#options = options;
    this.#batchSize = options.batchSize ?? 500;
  }

  async run(): Promise<void> {
    while (this.#running) {
      try {
        const read = await this.#step();
        if (read < this.#batchSize && this.#running) await this.#sleep(this.#options.idleMs ?? 100);
      } catch (error) {
        const subscriberId = this.#options.subscriberId;
        this.#options.log?.warn({ err: error, subscriberId }, 'batch failed');
        if (this.#running) await this.#sleep(this.#options.retryMs ?? 1_000);
      }
    }
  }

  halt(): void {
    this.#running = false;
    this.#wake?.();
  }

  /** Ends the current pause; a wake during a read makes the next pause end at once. */
  wake(): void {
    if (this.#wake) this.#wake();
    else this.#woken = true;
  }

  waitFor(position: GlobalPosition): Promise<void> {
    return new Promise<void>((resolve) => {
      this.#waiters.push({ position, resolve });
      this.#release();
    });
  }

  async #step(): Promise<number> {
    const { store, checkpoints, subscriberId } = this.#options;
    this.#position ??= (await checkpoints.load(subscriberId)) ?? startPosition;

    const batch = await store.readAll(this.#position, this.#batchSize);
    if (batch.length > 0) {
      await this.#options.handle(batch);
      this.#position = batch[batch.length - 1]!.position;
      await checkpoints.save(subscriberId, this.#position);
    }

    this.#release();
    return batch.length;
  }

  #sleep(ms: number): Promise<void> {
    if (this.#woken) {
      this.#woken = false;
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.#wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.#wake = done;
    });
  }

  /** Resolves the waiters whose position the subscriber has reached. */
  #release(): void {
    const at = this.#position;
    if (!at) return;
    for (let i = this.#waiters.length - 1; i >= 0; i--) {
      const waiter = this.#waiters[i]!;
      if (comparePositions(at, waiter.position) >= 0) {
        this.#waiters.splice(i, 1);
        waiter.resolve();
      }
    }
  }
}
