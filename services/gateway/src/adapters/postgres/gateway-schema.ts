import { busMigrations } from '@hcts/bus';
import type { Migration } from '@hcts/kit';
import type { Kysely } from 'kysely';
import { sql } from 'kysely';

/**
 * The gateway's own tables beside Better Auth's (which Better Auth migrates itself): the bus's
 * outbox, and the security events the gateway records.
 */
export const gatewayMigrations: Readonly<Record<string, Migration>> = Object.freeze({
  ...busMigrations,
  '0001-gateway-security-events': {
    up: async (db: Kysely<unknown>) => {
      await sql`
        create table gateway_security_event (
          id uuid primary key,
          type text not null,
          subject text,
          address text,
          details jsonb not null default '{}',
          occurred_at timestamptz not null default now()
        )`.execute(db);
      await sql`create index gateway_security_event_time on gateway_security_event (occurred_at)`.execute(
        db,
      );
    },
    down: async (db: Kysely<unknown>) => {
      await sql`drop table gateway_security_event`.execute(db);
    },
  },
  // A coalesced burst of alike events is one row with its count.
  '0002-gateway-security-event-count': {
    up: async (db: Kysely<unknown>) => {
      await sql`
        alter table gateway_security_event
        add column count integer not null default 1 check (count >= 1)`.execute(db);
    },
    down: async (db: Kysely<unknown>) => {
      await sql`alter table gateway_security_event drop column count`.execute(db);
    },
  },
});
