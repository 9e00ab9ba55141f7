import type { Logger } from 'pino';
import type { CheckpointStore } from './checkpoints.ts';
import { startPosition } from './global-position.ts';
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
}

/**
 * Follows the global order from the saved checkpoint: read a batch, hand it over, save the
 * position, repeat; poll when drained. Delivery is at least once (a crash between handling
 * and saving repeats that batch), so handlers are idempotent on the event id.
 */
export function subscribeToAll(options: CatchUpOptions): Subscription {
  const batchSize = options.batchSize ?? 500;
  const idleMs = options.idleMs ?? 100;
  const retryMs = options.retryMs ?? 1_000;
  const waiters: { position: GlobalPosition; resolve: () => void }[] = [];
  let position: GlobalPosition | undefined;
  let running = true;
  let wake: (() => void) | undefined;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  const release = () => {
    for (let i = waiters.length - 1; i >= 0; i--) {
      const w = waiters[i]!;
      if (position && !isBefore(position, w.position)) {
        waiters.splice(i, 1);
        w.resolve();
      }
    }
  };

  const step = async (): Promise<number> => {
    position ??= (await options.checkpoints.load(options.subscriberId)) ?? startPosition;
    const batch = await options.store.readAll(position, batchSize);
    if (batch.length > 0) {
      await options.handle(batch);
      position = batch[batch.length - 1]!.position;
      await options.checkpoints.save(options.subscriberId, position);
    }
    release();
    return batch.length;
  };

  const loop = (async () => {
    while (running) {
      try {
        const read = await step();
        if (read < batchSize && running) await sleep(idleMs);
      } catch (error) {
        options.log?.warn({ err: error, subscriberId: options.subscriberId }, 'batch failed');
        if (running) await sleep(retryMs);
      }
    }
  })();

  return {
    async stop() {
      running = false;
      wake?.();
      await loop;
    },
    caughtUpTo(target) {
      return new Promise<void>((resolve) => {
        waiters.push({ position: target, resolve });
        release();
      });
    },
  };
}

function isBefore(a: GlobalPosition, b: GlobalPosition): boolean {
  return a.commit < b.commit || (a.commit === b.commit && a.prepare < b.prepare);
}
