import { type Kysely, sql } from 'kysely';
import type { CertificatesDatabase } from './schema.ts';

/**
 * Forward-only migrations, applied in order inside one transaction each. Applying them again is
 * a no-op: every statement is idempotent and the applied names are recorded.
 */
const migrations: ReadonlyArray<readonly [string, ReturnType<typeof sql>]> = [
  [
    '001-merkle-log',
    sql`
      CREATE TABLE IF NOT EXISTS merkle_log (
        id smallint PRIMARY KEY CHECK (id = 1),
        size bigint NOT NULL CHECK (size >= 0)
      );
      INSERT INTO merkle_log (id, size) VALUES (1, 0) ON CONFLICT DO NOTHING;
      CREATE TABLE IF NOT EXISTS merkle_nodes (
        level smallint NOT NULL CHECK (level >= 0 AND level < 64),
        idx bigint NOT NULL CHECK (idx >= 0),
        hash bytea NOT NULL CHECK (length(hash) = 32),
        PRIMARY KEY (level, idx)
      );
    `,
  ],
  [
    '002-keys-and-checkpoints',
    sql`
      CREATE TABLE IF NOT EXISTS signing_keys (
        kid text PRIMARY KEY,
        public_jwk jsonb NOT NULL,
        sealed_private_key bytea NOT NULL,
        created_at timestamptz NOT NULL,
        retired_at timestamptz
      );
      CREATE TABLE IF NOT EXISTS checkpoints (
        tree_size bigint PRIMARY KEY,
        root_hash bytea NOT NULL,
        signed_at timestamptz NOT NULL,
        key_id text NOT NULL REFERENCES signing_keys (kid),
        jws text NOT NULL
      );
    `,
  ],
  [
    '003-certificates',
    sql`
      CREATE TABLE IF NOT EXISTS certificates (
        id uuid PRIMARY KEY,
        transaction_id uuid NOT NULL,
        version integer NOT NULL CHECK (version >= 1),
        supersedes uuid REFERENCES certificates (id),
        reason text NOT NULL,
        verification_code text NOT NULL UNIQUE,
        key_id text NOT NULL REFERENCES signing_keys (kid),
        jws text NOT NULL,
        leaf_index bigint NOT NULL UNIQUE,
        buyer_organization_id text NOT NULL,
        provider_organization_id text NOT NULL,
        intermediary_organization_id text,
        issued_at timestamptz NOT NULL,
        revoked_at timestamptz,
        revocation_reason text,
        UNIQUE (transaction_id, version),
        UNIQUE (transaction_id, reason)
      );
      CREATE INDEX IF NOT EXISTS certificates_buyer ON certificates (buyer_organization_id);
      CREATE INDEX IF NOT EXISTS certificates_provider ON certificates (provider_organization_id);
      CREATE TABLE IF NOT EXISTS purchases (
        transaction_id uuid PRIMARY KEY,
        purchase jsonb NOT NULL
      );
      CREATE TABLE IF NOT EXISTS status_lists (
        id serial PRIMARY KEY,
        jws text NOT NULL,
        revoked_count integer NOT NULL,
        signed_at timestamptz NOT NULL
      );
      CREATE TABLE IF NOT EXISTS processed_events (
        event_id text PRIMARY KEY,
        handled_at timestamptz NOT NULL
      );
      CREATE TABLE IF NOT EXISTS outbox (
        id uuid PRIMARY KEY,
        topic text NOT NULL,
        key text NOT NULL,
        type text NOT NULL,
        payload jsonb NOT NULL,
        created_at timestamptz NOT NULL,
        published_at timestamptz
      );
    `,
  ],
];

export async function migrate(db: Kysely<CertificatesDatabase>): Promise<void> {
  await sql`CREATE TABLE IF NOT EXISTS schema_migrations (
    name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now()
  )`.execute(db);

  for (const [name, statement] of migrations) {
    await db.transaction().execute(async (trx) => {
      // One migrator at a time: concurrent starts of the service must not race.
      await sql`SELECT pg_advisory_xact_lock(hashtext('certificates-migrations'))`.execute(trx);
      const done = await sql<{ n: number }>`
        SELECT count(*)::int AS n FROM schema_migrations WHERE name = ${name}`.execute(trx);
      if ((done.rows[0]?.n ?? 0) > 0) return;
      await statement.execute(trx);
      await sql`INSERT INTO schema_migrations (name) VALUES (${name})`.execute(trx);
    });
  }
}
