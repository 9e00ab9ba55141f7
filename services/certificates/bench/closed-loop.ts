import { createHistogram, type RecordableHistogram } from 'node:perf_hooks';
import { Client } from 'undici';

export interface LoadResult {
  requests: number;
  rate: number;
  p50Ms: number;
  p99Ms: number;
  /** Answers that were not a 200 `valid`, by status (or error name). */
  failures: Record<string, number>;
}

export interface LoadOptions {
  origin: string;
  paths: string[];
  connections: number;
  seconds: number;
  /** Requests a client sends from one source address before it moves to a fresh one. */
  perAddress: number;
  nextAddress: () => string;
}

/**
 * Loopback source addresses 127.1.0.1 upwards, each handed out once. The gateway counts its
 * per-route limit by client address (60 a minute on verify, fixed in its route table), so the
 * load comes from many holders, as real QR scans do, instead of one address the gateway refuses.
 */
export function loopbackAddresses(): () => string {
  let n = 0;
  return () => {
    const host = 1 + (n % 254);
    const block = Math.floor(n / 254);
    n += 1;
    return `127.${1 + Math.floor(block / 256)}.${block % 256}.${host}`;
  };
}

interface Tally {
  histogram: RecordableHistogram;
  failures: Record<string, number>;
  requests: number;
  turn: number;
}

/**
 * A closed loop: `connections` clients, each sending its next request when the previous answer
 * has been read, for `seconds`. Every client keeps one connection per source address.
 */
export async function closedLoop(options: LoadOptions): Promise<LoadResult> {
  const tally: Tally = { histogram: createHistogram(), failures: {}, requests: 0, turn: 0 };
  const started = performance.now();
  const stopAt = started + options.seconds * 1000;

  const client = async () => {
    while (performance.now() < stopAt) await fromOneAddress(options, tally, stopAt);
  };
  await Promise.all(Array.from({ length: options.connections }, client));

  const seconds = (performance.now() - started) / 1000;
  return {
    requests: tally.requests,
    rate: Math.round(tally.requests / seconds),
    p50Ms: tally.histogram.percentile(50) / 1e6,
    p99Ms: tally.histogram.percentile(99) / 1e6,
    failures: tally.failures,
  };
}

/** Up to `perAddress` requests over one connection from a fresh source address. */
async function fromOneAddress(options: LoadOptions, tally: Tally, stopAt: number) {
  const fail = (why: string) => {
    tally.failures[why] = (tally.failures[why] ?? 0) + 1;
  };
  const connection = new Client(options.origin, {
    localAddress: options.nextAddress(),
    pipelining: 1,
  });
  try {
    for (let k = 0; k < options.perAddress && performance.now() < stopAt; k += 1) {
      const path = options.paths[tally.turn++ % options.paths.length] ?? '/';
      const sent = process.hrtime.bigint();
      const answer = await connection.request({ method: 'GET', path });
      const body = await answer.body.text();
      tally.histogram.record(process.hrtime.bigint() - sent);
      tally.requests += 1;
      if (answer.statusCode !== 200) fail(String(answer.statusCode));
      else if (!body.includes('"status":"valid"')) fail('200-not-valid');
    }
  } catch (error) {
    fail(error instanceof Error ? error.name : 'error');
  } finally {
    await connection.close();
  }
}
