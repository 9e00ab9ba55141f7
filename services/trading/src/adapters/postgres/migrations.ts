import { busMigrations } from '@hcts/bus';
import { migrateEventStore } from '@hcts/event-store';
import { type Kysely, sql } from 'kysely';
import type { Migration } from 'kysely/migration';

/** Trading's schema: the event store, the bus's inbox, and trading's own tables. */
export const tradingMigrations: Readonly<Record<string, Migration>> = Object.freeze({
  'trading-0001-event-store': {
    up: (db: Kysely<unknown>) => migrateEventStore(db),
  },
  'trading-0002-tables': {
    up: async (db: Kysely<unknown>) => {
      await sql`
        create table trading_transactions (
          transaction_id uuid primary key,
          status text not null,
          version bigint not null,
          buyer_organization_id text not null,
          provider_organization_id text not null,
          intermediary_organization_id text,
          currency char(3) not null,
          total_minor bigint not null,
          refunded_minor bigint not null,
          updated_at timestamptz not null
        );
        create index trading_transactions_buyer on trading_transactions (buyer_organization_id, transaction_id desc);
        create index trading_transactions_provider on trading_transactions (provider_organization_id, transaction_id desc);
        create index trading_transactions_intermediary on trading_transactions (intermediary_organization_id, transaction_id desc);

        create table trading_replica_services (
          service_id uuid primary key,
          version integer not null,
          provider_organization_id text not null,
          status text not null,
          snapshot jsonb not null
        );
        create table trading_replica_price_lists (
          price_list_id uuid primary key,
          version integer not null,
          provider_organization_id text not null,
          price_list jsonb not null
        );
        create index trading_replica_price_lists_provider on trading_replica_price_lists (provider_organization_id);

        create table trading_cart_items (
          owner_organization_id text not null,
          service_id uuid not null,
          quantity integer not null check (quantity between 1 and 10000),
          updated_at timestamptz not null default now(),
          primary key (owner_organization_id, service_id)
        );

        create table trading_idempotency (
          organization_id text not null,
          idempotency_key text not null,
          request_hash text not null,
          status_code integer not null,
          response jsonb not null,
          created_at timestamptz not null default now(),
          primary key (organization_id, idempotency_key)
        );
      `.execute(db);
    },
  },
  // A key is claimed before its call runs (a row without a response), so that concurrent
  // copies wait for the first instead of each applying the call.
  'trading-0003-idempotency-claims': {
    up: async (db: Kysely<unknown>) => {
      await sql`
        alter table trading_idempotency alter column status_code drop not null;
        alter table trading_idempotency alter column response drop not null;
      `.execute(db);
    },
  },
  // Organizations as the gateway's identity events describe them: kind and standing only.
  'trading-0004-organizations': {
    up: async (db: Kysely<unknown>) => {
      await sql`
        create table trading_replica_organizations (
          organization_id text primary key,
          kind text not null,
          status text not null,
          changed_at timestamptz not null
        );
      `.execute(db);
    },
  },
});

export const allMigrations: Readonly<Record<string, Migration>> = Object.freeze({
  ...busMigrations,
  ...tradingMigrations,
});
