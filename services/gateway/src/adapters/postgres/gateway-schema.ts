import type { Kysely } from 'kysely';
import { sql } from 'kysely';

/**
 * The gateway's own tables beside Better Auth's: security events it records and the outbox of
 * identity events. Idempotent, run at start after Better Auth's migrations.
 */
export async function migrateGatewaySchema(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table if not exists gateway_security_event (
      id uuid primary key,
      type text not null,
      subject text,
      address text,
      details jsonb not null default '{}',
      occurred_at timestamptz not null default now()
    )`.execute(db);

  await sql`
    create table if not exists gateway_outbox (
      position bigserial primary key,
      id uuid not null unique,
      topic text not null,
      key text not null,
      headers jsonb not null,
      value text not null,
      created_at timestamptz not null default now(),
      published_at timestamptz
    )`.execute(db);

  await sql`
    create index if not exists gateway_outbox_unpublished
      on gateway_outbox (position) where published_at is null`.execute(db);
}
