import { busMigrations } from '@hcts/bus';
import type { Migration } from '@hcts/kit';
import { type Kysely, sql } from 'kysely';

const certificatesMigrations: Record<string, Migration> = {
  'certificates-0001-merkle-log': {
    up: async (db: Kysely<unknown>) => {
      await sql`
        create table merkle_log (
          id smallint primary key check (id = 1),
          size bigint not null check (size >= 0)
        )`.execute(db);
      await sql`insert into merkle_log (id, size) values (1, 0)`.execute(db);
      // Complete subtrees only: (level, index) never changes once written.
      await sql`
        create table merkle_nodes (
          level smallint not null check (level >= 0 and level < 64),
          idx bigint not null check (idx >= 0),
          hash bytea not null check (length(hash) = 32),
          primary key (level, idx)
        )`.execute(db);
    },
  },
  'certificates-0002-keys-and-checkpoints': {
    up: async (db: Kysely<unknown>) => {
      await sql`
        create table signing_keys (
          kid text primary key,
          public_jwk jsonb not null,
          sealed_private_key bytea not null,
          created_at timestamptz not null,
          retired_at timestamptz
        )`.execute(db);
      await sql`
        create table checkpoints (
          tree_size bigint primary key,
          root_hash bytea not null,
          signed_at timestamptz not null,
          key_id text not null references signing_keys (kid),
          jws text not null
        )`.execute(db);
    },
  },
  'certificates-0003-certificates': {
    up: async (db: Kysely<unknown>) => {
      await sql`
        create table certificates (
          id uuid primary key,
          transaction_id uuid not null,
          version integer not null check (version >= 1),
          supersedes uuid references certificates (id),
          reason text not null,
          verification_code text not null unique,
          key_id text not null references signing_keys (kid),
          jws text not null,
          leaf_index bigint unique,
          issue_cause jsonb not null,
          buyer_organization_id text not null,
          provider_organization_id text not null,
          intermediary_organization_id text,
          issued_at timestamptz not null,
          revoked_at timestamptz,
          revocation_reason text,
          unique (transaction_id, version),
          unique (transaction_id, reason)
        )`.execute(db);
      await sql`create index certificates_buyer on certificates (buyer_organization_id)`.execute(
        db,
      );
      await sql`
        create index certificates_provider on certificates (provider_organization_id)
      `.execute(db);
      await sql`
        create index certificates_intermediary on certificates (intermediary_organization_id)
      `.execute(db);
      // The sequencer's queue: certificates not in the log yet, in issue order.
      await sql`
        create index certificates_pending on certificates (id) where leaf_index is null
      `.execute(db);
      await sql`
        create table purchases (transaction_id uuid primary key, purchase jsonb not null)
      `.execute(db);
      await sql`
        create table status_lists (
          id integer generated always as identity primary key,
          jws text not null,
          revoked_count integer not null,
          signed_at timestamptz not null
        )`.execute(db);
    },
  },
};

/** The bus's outbox and inbox tables, then the service's own. */
export const migrations: Readonly<Record<string, Migration>> = Object.freeze({
  ...busMigrations,
  ...certificatesMigrations,
});
