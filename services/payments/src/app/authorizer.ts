import { type AuthorizeDeps, authorizePayment } from './authorize-payment.ts';

export interface AuthorizerOptions extends AuthorizeDeps {
  /** Ids of intents still waiting for a gateway, oldest first. */
  waiting: (limit: number) => Promise<string[]>;
  intervalMs: number;
}

/**
 * Sends waiting intents to their gateways: woken at once by `kick()` after an intent is
 * committed, and on an interval, which also retries uncertain attempts and survives a
 * restart between commit and authorization.
 */
export function startAuthorizer(options: AuthorizerOptions) {
  let running: Promise<void> | undefined;
  let again = false;
  let stopped = false;

  const pass = async () => {
    for (const id of await options.waiting(20)) {
      if (stopped) return;
      await authorizePayment(options, id).catch((err: unknown) =>
        options.log.warn({ err, paymentIntentId: id }, 'authorization pass failed'),
      );
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
