import { type Kysely, sql } from 'kysely';

/**
 * Services, price lists and stored price files. Search text is folded in code (see
 * foldText) and weighted: name and procedure code above description and indication titles.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table catalog_service (
      service_id uuid primary key,
      version integer not null,
      provider_organization_id text not null,
      name text not null,
      description text not null,
      procedure_system text not null,
      procedure_code text not null,
      indications jsonb not null,
      indication_codes text[] not null,
      indication_chapters text[] not null,
      care_setting text not null,
      unit text not null,
      base_price_minor bigint not null check (base_price_minor >= 0),
      currency text not null,
      components jsonb not null,
      is_composite boolean not null,
      availability text not null,
      status text not null check (status in ('draft', 'published', 'retired')),
      cms_item jsonb,
      search_primary text not null,
      search_secondary text not null,
      search tsvector generated always as (
        setweight(to_tsvector('english', search_primary), 'A') ||
        setweight(to_tsvector('english', search_secondary), 'B')
      ) stored,
      created_at timestamptz not null,
      updated_at timestamptz not null
    )`.execute(db);
  await sql`create index catalog_service_search on catalog_service using gin (search)`.execute(db);
  await sql`create index catalog_service_provider on catalog_service (provider_organization_id, service_id)`.execute(
    db,
  );
  await sql`create index catalog_service_codes on catalog_service using gin (indication_codes)`.execute(
    db,
  );
  await sql`create index catalog_service_chapters on catalog_service using gin (indication_chapters)`.execute(
    db,
  );

  await sql`
    create table catalog_price_list (
      price_list_id uuid primary key,
      version integer not null,
      provider_organization_id text not null,
      buyer_organization_id text,
      name text not null,
      currency text not null,
      valid_from timestamptz not null,
      valid_to timestamptz,
      entries jsonb not null,
      rules jsonb not null,
      updated_at timestamptz not null
    )`.execute(db);
  await sql`create index catalog_price_list_provider on catalog_price_list (provider_organization_id)`.execute(
    db,
  );
  await sql`
    create table catalog_price_entry (
      price_list_id uuid not null references catalog_price_list (price_list_id) on delete cascade,
      service_id uuid not null,
      unit_price_minor bigint not null,
      primary key (price_list_id, service_id)
    )`.execute(db);

  await sql`
    create table catalog_payer_alias (
      payer_name_folded text primary key,
      organization_id text not null
    )`.execute(db);
  await sql`
    create table catalog_org_key (
      key_id uuid primary key,
      organization_id text not null unique,
      wrapped_key bytea not null,
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`
    create table catalog_price_file (
      file_id uuid primary key,
      organization_id text not null,
      key_id uuid not null references catalog_org_key (key_id),
      content_type text not null,
      size_bytes integer not null,
      sha256 text not null,
      iv bytea not null,
      auth_tag bytea not null,
      ciphertext bytea not null,
      report jsonb not null,
      uploaded_by text not null,
      uploaded_at timestamptz not null default now()
    )`.execute(db);
  await sql`
    create table catalog_hospital_profile (
      organization_id text primary key,
      profile jsonb not null,
      updated_at timestamptz not null
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'catalog_hospital_profile',
    'catalog_price_file',
    'catalog_org_key',
    'catalog_payer_alias',
    'catalog_price_entry',
    'catalog_price_list',
    'catalog_service',
  ]) {
    await sql`drop table ${sql.table(table)}`.execute(db);
  }
}
