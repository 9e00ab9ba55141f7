import type { Registry } from 'prom-client';
import type { Closer, Service, ServiceApp, ServiceOptions } from './create-service.ts';
import type { ReadinessChecks } from './health.ts';

interface Parts {
  checks: ReadinessChecks;
  metrics: Registry;
  closers: Closer[];
  finalClosers: readonly Closer[];
}

const signals = ['SIGTERM', 'SIGINT'] as const;

/** start/stop/migrate around a configured app; stop runs once however often it is called. */
export function assembleService(app: ServiceApp, options: ServiceOptions, parts: Parts): Service {
  let stopping: Promise<void> | undefined;
  const onSignal = (signal: string) => {
    app.log.info({ signal }, 'shutdown requested');
    void stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };

  const migrate = async (): Promise<string[]> => {
    if (!options.migrations) return [];
    if (!options.database) throw new Error('migrations need the service database');
    const { applied } = await options.database.migrate(options.migrations);
    app.log.info({ applied: applied.length }, 'migrations applied');
    return applied;
  };

  const start = async () => {
    await migrate();
    const url = await app.listen({ host: options.config.HOST, port: options.config.PORT });
    for (const signal of signals) process.once(signal, onSignal);
    return { url };
  };

  const stop = () => {
    stopping ??= shutdown(app, parts, () => {
      for (const signal of signals) process.off(signal, onSignal);
    });
    return stopping;
  };

  return Object.freeze({
    name: options.name,
    app,
    metrics: parts.metrics,
    start,
    stop,
    migrate,
    addReadinessCheck: (name: string, check: () => unknown) => parts.checks.add(name, check),
    addCloser: (closer: Closer) => {
      parts.closers.push(closer);
    },
  });
}

/**
 * 1. report not ready; 2. close the server: no new requests, in-flight ones finish;
 * 3. run the closers in order, each even if an earlier one failed; 4. fail if any failed.
 */
async function shutdown(app: ServiceApp, parts: Parts, detach: () => void): Promise<void> {
  detach();
  parts.checks.markStopping();
  await app.close();

  const failures: unknown[] = [];
  for (const closer of [...parts.closers, ...parts.finalClosers]) {
    try {
      await closer.close();
      app.log.info({ closer: closer.name }, 'closed');
    } catch (err) {
      failures.push(err);
      app.log.error({ closer: closer.name, err }, 'closer failed');
    }
  }

  if (failures.length > 0) throw new AggregateError(failures, 'some closers failed');
  app.log.info('service stopped');
}
