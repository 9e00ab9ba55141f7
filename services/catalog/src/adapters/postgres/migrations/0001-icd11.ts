import { type Kysely, sql } from 'kysely';

/**
 * The ICD-11 release tables. `title_folded` holds the title without diacritics, lower case
 * (folded in code), so the generated tsvector needs no unaccent dictionary and stays immutable.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table icd11_release (
      release_id text primary key,
      version_stamp text not null,
      content_sha256 text not null,
      chapters integer not null,
      blocks integer not null,
      categories integer not null,
      residuals integer not null,
      imported_at timestamptz not null default now()
    )`.execute(db);

  await sql`
    create table icd11_entity (
      release_id text not null references icd11_release (release_id) on delete cascade,
      key text not null,
      code text,
      block_id text,
      chapter_no text not null,
      class_kind text not null check (class_kind in ('chapter', 'block', 'category')),
      title text not null,
      title_folded text not null,
      depth integer not null,
      depth_in_kind integer not null,
      is_residual boolean not null,
      is_leaf boolean not null,
      primary_tabulation boolean,
      foundation_uri text,
      linearization_uri text not null,
      parent_key text,
      position integer not null,
      groupings jsonb not null,
      search tsvector generated always as (to_tsvector('english', title_folded)) stored,
      primary key (release_id, key)
    )`.execute(db);

  await sql`create index icd11_entity_search on icd11_entity using gin (search)`.execute(db);
  await sql`create index icd11_entity_code on icd11_entity (release_id, code text_pattern_ops)`.execute(
    db,
  );
  await sql`create index icd11_entity_parent on icd11_entity (release_id, parent_key)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table icd11_entity`.execute(db);
  await sql`drop table icd11_release`.execute(db);
}
