import { type SweepDeps, type SweepSettings, sweepStaleIntents } from './sweep-stale-intents.ts';

export interface SweeperOptions extends SweepDeps, SweepSettings {
  intervalMs: number;
}

/**
 * Runs a sweep pass every interval, one pass at a time (the next is timed from the end of the
 * last, so a slow gateway never piles passes up). A pass that fails is logged and the next
 * one tries again; `stop()` lets the intent under way finish, then resolves.
 */
export function startSweeper(options: SweeperOptions) {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;

  const pass = async () => {
    try {
      await sweepStaleIntents(options, options, () => stopped);
    } catch (err) {
      options.log.warn({ err }, 'sweep pass failed');
    }
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = pass().finally(() => {
        running = undefined;
        schedule();
      });
    }, options.intervalMs);
  };

  schedule();
  return {
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
export type Sweeper = ReturnType<typeof startSweeper>;
