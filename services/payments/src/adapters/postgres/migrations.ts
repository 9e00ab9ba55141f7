import { busMigrations } from '@hcts/bus';
import type { Migration } from '@hcts/kit';
import { type Kysely, sql } from 'kysely';

const intents = sql`
  create table payment_intent (
    id uuid primary key,
    transaction_id uuid not null unique,
    buyer_organization_id text not null,
    provider_organization_id text not null,
    intermediary_organization_id text,
    created_by_user_id text,
    currency char(3) not null,
    gross_minor bigint not null check (gross_minor > 0),
    provider_minor bigint not null check (provider_minor >= 0),
    platform_fee_minor bigint not null check (platform_fee_minor >= 0),
    commission_minor bigint not null check (commission_minor >= 0),
    platform_fee_bps integer not null,
    commission_bps integer not null,
    gateway text not null,
    gateway_payment_id text,
    status text not null,
    captured_minor bigint not null default 0,
    refunded_minor bigint not null default 0 check (refunded_minor <= captured_minor),
    reversed_provider_minor bigint not null default 0,
    reversed_platform_fee_minor bigint not null default 0,
    reversed_commission_minor bigint not null default 0,
    failure_code text,
    failure_reason text,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    check (provider_minor + platform_fee_minor + commission_minor = gross_minor),
    unique (gateway, gateway_payment_id)
  )`;

const attempts = sql`
  create table payment_attempt (
    id uuid primary key,
    payment_intent_id uuid not null references payment_intent (id),
    gateway text not null,
    outcome text not null,
    gateway_payment_id text,
    created_at timestamptz not null default now()
  )`;

const refunds = sql`
  create table payment_refund (
    id uuid primary key,
    payment_intent_id uuid not null references payment_intent (id),
    amount_minor bigint not null check (amount_minor > 0),
    applied boolean not null default false,
    created_at timestamptz not null default now()
  )`;

// Entries and postings are immutable: a trigger refuses updates and deletes. Each pending
// entry is resolved at most once: post and void both name it in pending_key, which is unique.
const ledger = sql`
  create table ledger_entry (
    id uuid primary key,
    entry_key text not null unique,
    kind text not null check (kind in ('pending', 'posted', 'post_pending', 'void_pending')),
    pending_key text unique references ledger_entry (entry_key),
    currency char(3) not null,
    payment_intent_id uuid not null,
    transaction_id uuid not null,
    memo text not null,
    created_at timestamptz not null default now()
  );
  create table ledger_posting (
    id bigint generated always as identity primary key,
    entry_id uuid not null references ledger_entry (id),
    account_kind text not null,
    owner text not null,
    currency char(3) not null,
    amount_minor bigint not null check (amount_minor <> 0)
  );
  create index ledger_posting_account on ledger_posting (owner, account_kind, currency);
  create index ledger_posting_entry on ledger_posting (entry_id);
  create function ledger_immutable() returns trigger language plpgsql as $$
    begin raise exception 'ledger rows are immutable'; end $$;
  create trigger ledger_entry_immutable before update or delete on ledger_entry
    for each row execute function ledger_immutable();
  create trigger ledger_posting_immutable before update or delete on ledger_posting
    for each row execute function ledger_immutable();
  create function ledger_entry_balanced() returns trigger language plpgsql as $$
    begin
      if (select coalesce(sum(amount_minor), 0) from ledger_posting where entry_id = new.entry_id) <> 0
      then raise exception 'ledger entry % does not balance', new.entry_id; end if;
      return null;
    end $$;
  create constraint trigger ledger_posting_balanced after insert on ledger_posting
    deferrable initially deferred for each row execute function ledger_entry_balanced()`;

const intake = sql`
  create table gateway_event (
    gateway text not null,
    event_id text not null,
    event_type text not null,
    received_at timestamptz not null default now(),
    primary key (gateway, event_id)
  );
  create table idempotency_request (
    organization_id text not null,
    idempotency_key text not null,
    request_hash text not null,
    status_code integer not null,
    response json not null,
    created_at timestamptz not null default now(),
    primary key (organization_id, idempotency_key)
  );
  create table gateway_routing (
    organization_id text primary key,
    gateways text[] not null,
    updated_at timestamptz not null default now()
  )`;

export const paymentsMigrations: Readonly<Record<string, Migration>> = Object.freeze({
  'payments-0001-intents-ledger-intake': {
    up: async (db: Kysely<unknown>) => {
      for (const statement of [intents, attempts, refunds, ledger, intake]) {
        await statement.execute(db);
      }
    },
  },
  // Refused webhooks and the like; a coalesced burst is one row with its count.
  'payments-0002-security-events': {
    up: async (db: Kysely<unknown>) => {
      await sql`
        create table payments_security_event (
          id uuid primary key,
          kind text not null,
          gateway text not null,
          reason text not null,
          address text not null,
          count integer not null check (count >= 1),
          occurred_at timestamptz not null default now()
        )`.execute(db);
      await sql`
        create index payments_security_event_time
        on payments_security_event (occurred_at)`.execute(db);
    },
  },
  // The sweep of intents whose webhook never came: when to look next, how often it looked.
  // The partial index holds only processing intents, oldest first, so a pass reads few rows.
  'payments-0003-stale-intent-sweep': {
    up: async (db: Kysely<unknown>) => {
      await sql`
        alter table payment_intent
          add column sweep_checks integer not null default 0,
          add column sweep_due_at timestamptz`.execute(db);
      await sql`
        create index payment_intent_processing on payment_intent (updated_at, id)
        where status = 'processing'`.execute(db);
    },
  },
  // The authorizer's queue: intents waiting to be sent to their gateway, in id order. Without
  // it each pass of the authorizer scanned every intent ever made.
  'payments-0004-authorizer-queue': {
    up: async (db: Kysely<unknown>) => {
      await sql`
        create index payment_intent_waiting on payment_intent (id)
        where status = 'requires_action'`.execute(db);
    },
  },
});

export const allMigrations = Object.freeze({ ...busMigrations, ...paymentsMigrations });
