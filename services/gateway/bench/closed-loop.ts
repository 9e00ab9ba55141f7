import { readFileSync } from 'node:fs';
import { createHistogram } from 'node:perf_hooks';
import { Pool } from 'undici';

/** One route on one origin, called with the same headers every time. */
export interface Target {
  origin: string;
  path: string;
  headers: Record<string, string>;
}

export interface LoadResult {
  rate: number;
  p50Ms: number;
  p99Ms: number;
  /** CPU time per request of each watched process, in microseconds. */
  cpuUs: Record<string, number>;
  /** Answers other than 200, by status or error name. */
  failures: Record<string, number>;
}

/**
 * A closed loop over one keep-alive connection per client: each client sends its next request
 * when the answer to the previous one has been read, for `seconds`. The CPU of the watched
 * processes (pid by name) is read from /proc before and after.
 */
export async function closedLoop(
  pool: Pool,
  target: Target,
  options: { clients: number; seconds: number; watch: Record<string, number> },
): Promise<LoadResult> {
  const histogram = createHistogram();
  const failures: Record<string, number> = {};
  let requests = 0;
  const cpuBefore = cpuOf(options.watch);
  const started = performance.now();
  const stopAt = started + options.seconds * 1000;

  const client = async () => {
    while (performance.now() < stopAt) {
      const sent = process.hrtime.bigint();
      const status = await call(pool, target);
      histogram.record(process.hrtime.bigint() - sent);
      requests += 1;
      if (status !== 200) failures[String(status)] = (failures[String(status)] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: options.clients }, client));

  const seconds = (performance.now() - started) / 1000;
  const cpuAfter = cpuOf(options.watch);
  const cpuUs = Object.fromEntries(
    Object.keys(options.watch).map((name) => [
      name,
      ((cpuAfter[name]! - cpuBefore[name]!) * 1000) / requests,
    ]),
  );
  const p = (q: number) => histogram.percentile(q) / 1e6;
  return { rate: requests / seconds, p50Ms: p(50), p99Ms: p(99), cpuUs, failures };
}

/** Latencies of `count` calls one after the other (no queueing anywhere), in ms. */
export async function sequential(pool: Pool, target: Target, count: number): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const sent = performance.now();
    const status = await call(pool, target);
    if (status !== 200) throw new Error(`${target.origin}${target.path} answered ${status}`);
    samples.push(performance.now() - sent);
  }
  return samples;
}

async function call(pool: Pool, target: Target): Promise<number | string> {
  try {
    const answer = await pool.request({
      method: 'GET',
      path: target.path,
      headers: target.headers,
    });
    await answer.body.dump();
    return answer.statusCode;
  } catch (error) {
    return error instanceof Error ? error.name : 'error';
  }
}

/**
 * CPU time (user + system, ms) each process has used, from /proc: unlike a rate it does not
 * depend on how busy the shared machine is. The load generator reads its own.
 */
function cpuOf(watch: Record<string, number>): Record<string, number> {
  const ticksPerMs = 100 / 1000;
  return Object.fromEntries(
    Object.entries(watch).map(([name, pid]) => {
      if (pid === process.pid) {
        const { user, system } = process.cpuUsage();
        return [name, (user + system) / 1000];
      }
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      return [name, (Number(fields[11]) + Number(fields[12])) / ticksPerMs];
    }),
  );
}

export const quantile = (xs: number[], q: number) =>
  [...xs].sort((a, b) => a - b)[Math.floor(q * (xs.length - 1))]!;

export function poolFor(origin: string, connections: number): Pool {
  return new Pool(origin, { connections, keepAliveTimeout: 60_000 });
}
