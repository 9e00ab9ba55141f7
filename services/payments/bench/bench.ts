// Ledger write cost: authorize + capture of one payment (hold, post, settlement split) through
// the payments store, with its checks, immutability and balance triggers, against a peer that
// inserts the same rows into bare tables. Rounds interleave so both see the same machine.
// Run: DATABASE_URL=postgres://... node services/payments/bench/bench.ts
import { randomBytes } from 'node:crypto';
import { createOutbox } from '@hcts/bus';
import { createDatabase, migrateToLatest } from '@hcts/kit';
import { sql } from 'kysely';
import { uuidv7 } from 'uuidv7';
import { allMigrations } from '../src/adapters/postgres/migrations.ts';
import { createPaymentsStore } from '../src/adapters/postgres/postgres-payments-store.ts';
import { authorize, capture, createIntent } from '../src/domain/payment-intent.ts';
import { splitFromRates } from '../src/domain/split.ts';

const server = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const name = `hcts_bench_payments_${randomBytes(4).toString('hex')}`;
const perRound = 200;
const rounds = 5;

const admin = createDatabase<unknown>({ url: server, poolMax: 1 });
await sql.raw(`create database ${name}`).execute(admin.db);
const url = new URL(server);
url.pathname = `/${name}`;
const database = createDatabase<unknown>({ url: url.toString(), poolMax: 4 });

try {
  await migrateToLatest(database.db, allMigrations);
  await sql`
    create table bench_entry (id uuid primary key, entry_key text not null, kind text not null);
    create table bench_posting (id bigint generated always as identity primary key,
      entry_id uuid not null, account_kind text not null, owner text not null,
      amount_minor bigint not null)`.execute(database.db);
  const store = createPaymentsStore(database.db, createOutbox({ source: 'hcts/bench' }));

  const payment = () => {
    const intent = createIntent({
      id: uuidv7(),
      transactionId: uuidv7(),
      buyerOrganizationId: 'buyer',
      providerOrganizationId: 'provider',
      intermediaryOrganizationId: 'broker',
      currency: 'EUR',
      split: splitFromRates(10_000, 300, 200, true),
      gateway: 'sandbox',
    });
    const held = authorize(intent, 'pay');
    return [held.entries, capture(held.intent).entries] as const;
  };

  const ledger = async () => {
    for (let i = 0; i < perRound; i += 1) {
      const [hold, captured] = payment();
      await store.unit((unit) => unit.writeEntries(hold));
      await store.unit((unit) => unit.writeEntries(captured));
    }
  };
  const bare = async () => {
    for (let i = 0; i < perRound; i += 1) {
      for (const entries of payment()) {
        await database.db.transaction().execute(async (trx) => {
          for (const e of entries) {
            const id = uuidv7();
            await sql`insert into bench_entry values (${id}, ${e.key}, ${e.kind})`.execute(trx);
            for (const p of e.postings) {
              await sql`insert into bench_posting (entry_id, account_kind, owner, amount_minor)
                values (${id}, ${p.accountKind}, ${p.owner}, ${p.amountMinor})`.execute(trx);
            }
          }
        });
      }
    }
  };

  const timings = { ledger: [] as number[], bare: [] as number[] };
  for (let r = 0; r < rounds; r += 1) {
    for (const [label, run] of [
      ['ledger', ledger],
      ['bare', bare],
    ] as const) {
      const started = performance.now();
      await run();
      timings[label].push(performance.now() - started);
    }
  }

  const rate = (ms: number[]) => (perRound * rounds * 1000) / ms.reduce((a, b) => a + b, 0);
  const ledgerRate = rate(timings.ledger);
  const bareRate = rate(timings.bare);
  const { rows } = await sql<{ total: string }>`
    select coalesce(sum(amount_minor), 0)::text as total from ledger_posting`.execute(database.db);
  console.log(
    `payments ledger: ${ledgerRate.toFixed(0)} payments/s (authorize + capture, 2 transactions each)`,
  );
  console.log(
    `bare inserts:    ${bareRate.toFixed(0)} payments/s (same rows, no checks or triggers)`,
  );
  console.log(
    `ratio ledger/bare: ${(ledgerRate / bareRate).toFixed(2)}; sum of postings: ${rows[0]?.total}`,
  );
} finally {
  await database.close();
  await sql.raw(`drop database if exists ${name}`).execute(admin.db);
  await admin.close();
}
