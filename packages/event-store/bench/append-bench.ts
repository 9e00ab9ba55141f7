/**
 * Append throughput: our Postgres store vs Emmett's, plus a plain INSERT through the same
 * driver as a floor. Single-event and 10-event appends at concurrency 1 and 8, the
 * contenders interleaved round by round so that a noisy neighbour hits them alike. Two more
 * append and upsert a list row per stream, as a command does: in one statement (`appendWith`)
 * and in a transaction (begin, append, upsert, commit).
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres node bench/append-bench.ts
 */
import { STREAM_DOES_NOT_EXIST } from '@event-driven-io/emmett';
import { getPostgreSQLEventStore } from '@event-driven-io/emmett-postgresql';
import { type Kysely, sql } from 'kysely';
import pg from 'pg';
import { uuidv7 } from 'uuidv7';
import {
  type AlongsideWrite,
  createPostgresEventStore,
  type EventStoreTables,
  PostgresEventStore,
} from '../src/index.ts';

const server = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const roundMs = Number(process.env.BENCH_ROUND_MS ?? 2_000);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const poolSize = 10;

type Append = (worker: number, batch: number) => Promise<void>;
interface Contender {
  name: string;
  prepare: () => Append;
}
interface Sample {
  events: number;
  ms: number;
  latencies: number[];
}

function withDatabase(name: string): string {
  const url = new URL(server);
  url.pathname = `/${name}`;
  return url.toString();
}

function payload(batch: number, worker: number) {
  return Array.from({ length: batch }, (_, i) => ({
    type: 'bench-happened',
    data: { worker, i, amountMinor: 12_345, note: 'a short payload of a typical size' },
  }));
}

/** Runs `concurrency` workers for `roundMs`, each appending to its own streams in turn. */
async function measure(append: Append, concurrency: number, batch: number): Promise<Sample> {
  const latencies: number[] = [];
  let ops = 0;
  const started = performance.now();
  const until = started + roundMs;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      while (performance.now() < until) {
        const t0 = performance.now();
        await append(worker, batch);
        latencies.push(performance.now() - t0);
        ops += 1;
      }
    }),
  );
  return { events: ops * batch, ms: performance.now() - started, latencies };
}

function p99(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))] ?? 0;
}

async function main() {
  // Emmett's close() leaves its pool's idle connections open; dropping the bench database
  // with force ends them, which that pool reports as an error. Expected here, nowhere else.
  process.on('uncaughtException', (error: Error & { code?: string }) => {
    if (error.code !== '57P01') throw error;
  });

  const dbName = `hcts_bench_event_store_${process.pid}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`create database ${dbName}`);
  const url = withDatabase(dbName);

  const ours = await createPostgresEventStore({ connectionString: url, poolSize });
  const emmett = getPostgreSQLEventStore(url);
  const floorPool = new pg.Pool({ connectionString: url, max: poolSize });
  await floorPool.query(
    'create table floor_events (id uuid primary key, stream_id text not null, type text not null, data jsonb not null)',
  );
  await floorPool.query('create table bench_rows (stream_id text primary key, version bigint)');

  const contenders: Contender[] = [
    {
      name: 'ours',
      prepare: () => perStream('o', (id, events, expected) => ours.append(id, events, expected)),
    },
    {
      name: 'emmett',
      prepare: () => {
        const streams = new Map<number, { id: string; version: bigint | null }>();
        return async (worker, batch) => {
          const s = streams.get(worker) ?? { id: `e-${uuidv7()}`, version: null };
          const r = await emmett.appendToStream(s.id, payload(batch, worker), {
            expectedStreamVersion: s.version ?? STREAM_DOES_NOT_EXIST,
          });
          streams.set(worker, { id: s.id, version: r.nextExpectedStreamVersion });
        };
      },
    },
    {
      name: 'ours+row',
      prepare: () =>
        perStream('r', (id, events, expected) =>
          ours.appendWith(id, events, expected, [rowWrite(id)]),
        ),
    },
    {
      name: 'ours+row tx',
      prepare: () =>
        perStream('t', (id, events, expected) =>
          ours.db.transaction().execute(async (trx) => {
            const inner = new PostgresEventStore(trx as unknown as Kysely<EventStoreTables>);
            const result = await inner.append(id, events, expected);
            await sql`insert into bench_rows (stream_id, version)
              values (${id}, ${result.nextExpectedVersion})
              on conflict (stream_id) do update set version = excluded.version`.execute(trx);
            return result;
          }),
        ),
    },
    {
      name: 'insert-floor',
      prepare: () => async (worker, batch) => {
        const rows = payload(batch, worker);
        const values = rows.map(
          (_, i) => `($${i * 4 + 1}, $${i * 4 + 2}, $${i * 4 + 3}, $${i * 4 + 4})`,
        );
        const params = rows.flatMap((r) => [
          uuidv7(),
          `f-${worker}`,
          r.type,
          JSON.stringify(r.data),
        ]);
        await floorPool.query(
          `insert into floor_events (id, stream_id, type, data) values ${values.join(', ')}`,
          params,
        );
      },
    },
  ];

  try {
    // Warm up: schemas created, pools filled, code paths compiled.
    for (const c of contenders) await measureShort(c.prepare(), 8, 1);

    console.log(`rounds ${rounds} x ${roundMs} ms per contender, pool ${poolSize}, interleaved`);
    console.log('batch  conc  contender      events/s   p99 ms   vs emmett   vs floor');
    for (const batch of [1, 10]) {
      for (const concurrency of [1, 8]) {
        await runWorkload(contenders, batch, concurrency);
      }
    }
  } finally {
    await ours.close();
    await emmett.close();
    await floorPool.end();
    await admin.query(`drop database if exists ${dbName} with (force)`);
    await admin.end();
  }
}

type AppendTo = (
  streamId: string,
  events: ReturnType<typeof payload>,
  expected: 'no-stream' | number,
) => Promise<{ nextExpectedVersion: number }>;

/** Each worker appends to its own stream at its known version, as a command does. */
function perStream(prefix: string, append: AppendTo): Append {
  const streams = new Map<number, { id: string; version: number }>();
  return async (worker, batch) => {
    const s = streams.get(worker) ?? { id: `${prefix}-${uuidv7()}`, version: 0 };
    const r = await append(s.id, payload(batch, worker), s.version === 0 ? 'no-stream' : s.version);
    streams.set(worker, { id: s.id, version: r.nextExpectedVersion });
  };
}

/** The stream's list row, upserted in the append's statement. */
function rowWrite(streamId: string): AlongsideWrite {
  return {
    name: 'bench_row',
    text: `insert into bench_rows (stream_id, version)
      select $1::text, max(version) from appended having count(*) > 0
      on conflict (stream_id) do update set version = excluded.version`,
    values: [streamId],
  };
}

async function measureShort(append: Append, concurrency: number, batch: number) {
  const until = performance.now() + 300;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, w) => {
      while (performance.now() < until) await append(w, batch);
    }),
  );
}

async function runWorkload(contenders: Contender[], batch: number, concurrency: number) {
  const totals = new Map<string, Sample>();
  for (let round = 0; round < rounds; round++) {
    for (const c of contenders) {
      const s = await measure(c.prepare(), concurrency, batch);
      const t = totals.get(c.name) ?? { events: 0, ms: 0, latencies: [] };
      totals.set(c.name, {
        events: t.events + s.events,
        ms: t.ms + s.ms,
        latencies: t.latencies.concat(s.latencies),
      });
    }
  }
  const rate = (name: string) => {
    const t = totals.get(name)!;
    return (t.events / t.ms) * 1000;
  };
  for (const c of contenders) {
    const r = rate(c.name);
    const line = [
      String(batch).padStart(5),
      String(concurrency).padStart(5),
      `  ${c.name.padEnd(12)}`,
      r.toFixed(0).padStart(10),
      p99(totals.get(c.name)!.latencies).toFixed(2).padStart(8),
      `${(r / rate('emmett')).toFixed(2)}x`.padStart(11),
      `${(r / rate('insert-floor')).toFixed(2)}x`.padStart(10),
    ];
    console.log(line.join(' '));
  }
}

await main();
