import { type AuthorizeDeps, authorizePayment } from './authorize-payment.ts';

export interface AuthorizerOptions extends AuthorizeDeps {
  /** Ids of intents still waiting for a gateway, oldest first. */
  waiting: (limit: number) => Promise<string[]>;
  intervalMs: number;
  /** Intents sent to gateways at once; each holds a pooled connection while its call runs. */
  concurrency?: number;
}

// Intents read at a time.
const page = 20;

/**
 * Sends waiting intents to their gateways, several at once (each under its own row lock):
 * woken at once by `kick()` after an intent is committed, and on an interval, which also
 * retries uncertain attempts and survives a restart between commit and authorization.
 */
export function startAuthorizer(options: AuthorizerOptions) {
  let running: Promise<void> | undefined;
  let again = false;
  let stopped = false;

  const authorize = (id: string) =>
    authorizePayment(options, id).catch((err: unknown) =>
      options.log.warn({ err, paymentIntentId: id }, 'authorization pass failed'),
    );
  // A full page means more may wait: read again, unless the oldest did not move (intents
  // left waiting on purpose, e.g. after an uncertain attempt, wait for the next interval).
  const pass = async () => {
    for (let oldest: string | undefined; !stopped; ) {
      const ids = await options.waiting(page);
      if (ids.length === 0 || ids[0] === oldest) return;
      oldest = ids[0];
      await eachConcurrently(ids, options.concurrency ?? 4, async (id) => {
        if (!stopped) await authorize(id);
      });
      if (ids.length < page) return;
    }
  };
  const kick = (): Promise<void> => {
    if (stopped) return Promise.resolve();
    if (running) {
      again = true;
      return running;
    }
    running = pass()
      .catch((err: unknown) => options.log.warn({ err }, 'authorizer pass failed'))
      .finally(() => {
        running = undefined;
        if (again) {
          again = false;
          void kick();
        }
      });
    return running;
  };

  const timer = setInterval(() => void kick(), options.intervalMs);
  return {
    kick,
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
export type Authorizer = ReturnType<typeof startAuthorizer>;

/** Runs `work` over the items with at most `limit` of them under way at once. */
async function eachConcurrently<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
