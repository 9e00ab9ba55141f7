import { randomBytes } from 'node:crypto';
import { databaseUrl, defaultDatabaseUrl, dropDatabase, ensureDatabases } from '@hcts/infra-local';

/** A database of the benchmark's own on the server DATABASE_URL names; dropped at the end. */
export async function benchDatabase() {
  const server = process.env.DATABASE_URL ?? defaultDatabaseUrl;
  const name = `hcts_bench_certificates_${randomBytes(4).toString('hex')}`;
  await ensureDatabases(server, [name]);
  return { url: databaseUrl(server, name), drop: () => dropDatabase(server, name) };
}

export function brokers(): string[] {
  return (process.env.KAFKA_BROKERS ?? '127.0.0.1:19092').split(',');
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/** Operations per second of `work` doing `count` operations. */
export async function rate(count: number, work: () => Promise<void>): Promise<number> {
  const start = process.hrtime.bigint();
  await work();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return Math.round(count / seconds);
}

/** Runs `count` calls with at most `concurrency` in flight. */
export async function pool(count: number, concurrency: number, call: (i: number) => Promise<void>) {
  let next = 0;
  const worker = async () => {
    while (next < count) await call(next++);
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}
