import type { FastifyInstance } from 'fastify';

/** A readiness check resolves when its dependency answers and throws when it does not. */
export type ReadinessCheck = () => unknown | Promise<unknown>;

export interface ReadinessReport {
  status: 'ready' | 'not-ready';
  checks: Record<string, { status: 'up' | 'down'; reason?: string }>;
}

export class ReadinessChecks {
  readonly #checks = new Map<string, ReadinessCheck>();
  readonly #timeoutMs: number;
  readonly #onFailure: (name: string, error: unknown) => void;
  #stopping = false;

  constructor(timeoutMs: number, onFailure: (name: string, error: unknown) => void = () => {}) {
    this.#timeoutMs = timeoutMs;
    this.#onFailure = onFailure;
  }

  add(name: string, check: ReadinessCheck): void {
    if (this.#checks.has(name)) throw new Error(`readiness check ${name} is already registered`);
    this.#checks.set(name, check);
  }

  /** Once shutdown begins the service reports not ready, so load balancers stop routing to it. */
  markStopping(): void {
    this.#stopping = true;
  }

  async run(): Promise<ReadinessReport> {
    const entries = await Promise.all(
      [...this.#checks].map(
        async ([name, check]) => [name, await this.#runOne(name, check)] as const,
      ),
    );
    const checks = Object.fromEntries(entries);
    if (this.#stopping) checks.shutdown = { status: 'down', reason: 'stopping' };

    const ready = Object.values(checks).every((c) => c.status === 'up');
    return { status: ready ? 'ready' : 'not-ready', checks };
  }

  async #runOne(name: string, check: ReadinessCheck): Promise<ReadinessReport['checks'][string]> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('timeout')), this.#timeoutMs);
    });
    try {
      await Promise.race([Promise.resolve().then(check), timeout]);
      return { status: 'up' };
    } catch (error) {
      // The response says only "failed" or "timeout": messages may name hosts or credentials.
      this.#onFailure(name, error);
      const reason = error instanceof Error && error.message === 'timeout' ? 'timeout' : 'failed';
      return { status: 'down', reason };
    } finally {
      clearTimeout(timer);
    }
  }
}

/** `/health/live` answers while the process runs; `/health/ready` runs every check. */
export function registerHealthRoutes(app: FastifyInstance, checks: ReadinessChecks): void {
  app.get('/health/live', { schema: { hide: true } }, async () => ({ status: 'live' }));

  app.get('/health/ready', { schema: { hide: true } }, async (request, reply) => {
    const report = await checks.run();
    if (report.status !== 'ready') request.log.warn({ checks: report.checks }, 'not ready');
    return reply.status(report.status === 'ready' ? 200 : 503).send(report);
  });
}
