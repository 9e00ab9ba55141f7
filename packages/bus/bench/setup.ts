import { randomBytes } from 'node:crypto';
import { databaseUrl, dropDatabase, ensureDatabases } from '@hcts/infra-local';
import { type Bus, createBus } from '../src/bus.ts';
import type { AnyDatabase } from '../src/db.ts';
import { openMigrated, quietLogger } from '../src/test-support.ts';

export const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:19092').split(',');
const server = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export function unique(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
}

export interface BenchEnv {
  db: AnyDatabase;
  url: string;
  bus: Bus;
  close(): Promise<void>;
}

/** A database of its own (dropped at the end) and a bus, as a service would have them. */
export async function benchEnv(): Promise<BenchEnv> {
  const name = unique('hcts_bench_bus').replace(/-/g, '_');
  await ensureDatabases(server, [name]);
  const url = databaseUrl(server, name);
  const db = await openMigrated(url, 12);
  const bus = await createBus({
    brokers,
    clientId: unique('bus-bench'),
    source: 'hcts/bus-bench',
    logger: quietLogger,
  });
  return {
    db,
    url,
    bus,
    close: async () => {
      await bus.close();
      await db.destroy();
      await dropDatabase(server, name);
    },
  };
}

export function rate(count: number, ms: number): number {
  return Math.round((count / ms) * 1000);
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}
