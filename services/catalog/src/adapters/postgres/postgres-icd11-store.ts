import { type Kysely, sql } from 'kysely';
import type {
  Icd11Hit,
  Icd11Lookup,
  Icd11Node,
  Icd11Store,
  StoredRelease,
} from '../../app/icd11/icd11-store.ts';
import { foldText } from '../../domain/fold-text.ts';
import type { Icd11Entity, Icd11Release } from '../../domain/icd11/icd11-entity.ts';

// Rows per INSERT ... SELECT FROM unnest(...): one round trip carries 17 arrays of this length.
const batchSize = 5_000;

interface EntityRow {
  key: string;
  code: string | null;
  block_id: string | null;
  chapter_no: string;
  class_kind: Icd11Entity['classKind'];
  title: string;
  depth: number;
  depth_in_kind: number;
  is_residual: boolean;
  is_leaf: boolean;
  primary_tabulation: boolean | null;
  foundation_uri: string | null;
  linearization_uri: string;
  parent_key: string | null;
  groupings: string[];
}

const nodeColumns = sql.raw(`key, code, block_id, chapter_no, class_kind, title, depth,
  depth_in_kind, is_residual, is_leaf, primary_tabulation, foundation_uri, linearization_uri,
  parent_key, groupings`);

export class PostgresIcd11Store implements Icd11Store {
  readonly #db: Kysely<unknown>;

  constructor(db: Kysely<unknown>) {
    this.#db = db;
  }

  async findRelease(releaseId: string): Promise<StoredRelease | undefined> {
    const { rows } = await sql<ReleaseRow>`
      select * from icd11_release where release_id = ${releaseId}`.execute(this.#db);
    return rows[0] && toRelease(rows[0]);
  }

  async currentRelease(): Promise<StoredRelease | undefined> {
    const { rows } = await sql<ReleaseRow>`
      select * from icd11_release order by release_id desc limit 1`.execute(this.#db);
    return rows[0] && toRelease(rows[0]);
  }

  async saveRelease(release: Icd11Release, contentSha256: string): Promise<boolean> {
    return this.#db.transaction().execute(async (trx) => {
      const { counts } = release;
      const inserted = await sql`
        insert into icd11_release (release_id, version_stamp, content_sha256, chapters, blocks,
          categories, residuals)
        values (${release.releaseId}, ${release.versionStamp}, ${contentSha256},
          ${counts.chapters}, ${counts.blocks}, ${counts.categories}, ${counts.residuals})
        on conflict (release_id) do nothing`.execute(trx);
      if (inserted.numAffectedRows === 0n) return false;

      for (let start = 0; start < release.entities.length; start += batchSize) {
        const batch = release.entities.slice(start, start + batchSize);
        await insertBatch(trx, release.releaseId, batch);
      }
      return true;
    });
  }

  async search(releaseId: string, query: string, limit: number): Promise<Icd11Hit[]> {
    const folded = foldText(query);
    const codePrefix = folded.toUpperCase();
    const words = folded.match(/[a-z0-9]+/g) ?? [];
    const tsquery = words.map((word) => `${word}:*`).join(' & ');
    const looksLikeCode = /^[0-9A-Z][0-9A-Z.&/]*$/.test(codePrefix) && /\d/.test(codePrefix);

    // Code matches rank above any word match: exact code first, then shorter codes.
    const { rows } = await sql<HitRow>`
      with by_code as (
        select key, code, title, class_kind, chapter_no, is_residual, is_leaf, position,
          case when code = ${codePrefix} then 3.0 else 2.0 - length(code) / 100.0 end as score
        from icd11_entity
        where ${looksLikeCode} and release_id = ${releaseId} and code like ${`${codePrefix}%`}
        order by score desc, position limit ${limit}
      ), by_words as (
        select key, code, title, class_kind, chapter_no, is_residual, is_leaf, position,
          ts_rank_cd(search, to_tsquery('english', ${tsquery}), 2) as score
        from icd11_entity
        where ${tsquery !== ''} and release_id = ${releaseId}
          and search @@ to_tsquery('english', ${tsquery})
        order by score desc, position limit ${limit}
      )
      select * from (select * from by_code union all select * from by_words) hits
      order by score desc, position
      limit ${limit * 2}`.execute(this.#db);
    return dedupe(rows).slice(0, limit).map(toHit);
  }

  async rank(releaseId: string, text: string, limit: number): Promise<Icd11Hit[]> {
    const words = [...new Set(foldText(text).match(/[a-z]{3,}/g) ?? [])].slice(0, 30);
    if (words.length === 0) return [];
    const tsquery = words.join(' | ');

    // Chapter X holds extension codes (anatomy, severity) and V functioning scales: neither
    // can stand alone as an indication, and their short titles ("Hip") would win on length.
    // Cover density rewards titles that hold several of the words close together; dividing by
    // the title length (normalization 2) keeps long titles from winning on length alone.
    const { rows } = await sql<HitRow>`
      select key, code, title, class_kind, chapter_no, is_residual, is_leaf, position,
        ts_rank_cd(search, to_tsquery('english', ${tsquery}), 2) as score
      from icd11_entity
      where release_id = ${releaseId} and class_kind = 'category' and not is_residual
        and chapter_no not in ('V', 'X')
        and search @@ to_tsquery('english', ${tsquery})
      order by score desc, position
      limit ${limit}`.execute(this.#db);
    return rows.map(toHit);
  }

  async lookup(releaseId: string, key: string): Promise<Icd11Lookup | undefined> {
    const { rows: found } = await sql<EntityRow>`
      select ${nodeColumns} from icd11_entity
      where release_id = ${releaseId} and (key = ${key} or key = ${key.toUpperCase()})
      order by key = ${key} desc limit 1`.execute(this.#db);
    const entity = found[0];
    if (entity === undefined) return undefined;

    const { rows: ancestors } = await sql<EntityRow & { level: number }>`
      with recursive up as (
        select e.*, 1 as level from icd11_entity e
        where e.release_id = ${releaseId} and e.key = ${entity.parent_key}
        union all
        select p.*, up.level + 1 from icd11_entity p
        join up on p.release_id = up.release_id and p.key = up.parent_key
      )
      select ${nodeColumns}, level from up order by level desc`.execute(this.#db);

    const { rows: children } = await sql<EntityRow>`
      select ${nodeColumns} from icd11_entity
      where release_id = ${releaseId} and parent_key = ${entity.key}
      order by position`.execute(this.#db);

    return {
      entity: toNode(entity),
      ancestors: ancestors.map(toNode),
      children: children.map(toNode),
    };
  }

  async existingCodes(
    releaseId: string,
    codes: readonly string[],
  ): Promise<Map<string, Icd11Node>> {
    if (codes.length === 0) return new Map();
    const { rows } = await sql<EntityRow>`
      select ${nodeColumns} from icd11_entity
      where release_id = ${releaseId} and class_kind = 'category'
        and code = any(${[...codes]}::text[])`.execute(this.#db);
    return new Map(rows.map((row) => [row.code ?? row.key, toNode(row)]));
  }
}

async function insertBatch(db: Kysely<unknown>, releaseId: string, batch: Icd11Entity[]) {
  const column = <T>(pick: (entity: Icd11Entity) => T) => batch.map(pick);
  await sql`
    insert into icd11_entity (release_id, key, code, block_id, chapter_no, class_kind, title,
      title_folded, depth, depth_in_kind, is_residual, is_leaf, primary_tabulation,
      foundation_uri, linearization_uri, parent_key, position, groupings)
    select ${releaseId}, k, c, b, ch, ck, t, tf, d, dk, r, l, p, f, li, pk, pos, g::jsonb
    from unnest(
      ${column((e) => e.key)}::text[], ${column((e) => e.code)}::text[],
      ${column((e) => e.blockId)}::text[], ${column((e) => e.chapterNo)}::text[],
      ${column((e) => e.classKind)}::text[], ${column((e) => e.title)}::text[],
      ${column((e) => foldText(e.title))}::text[], ${column((e) => e.depth)}::int[],
      ${column((e) => e.depthInKind)}::int[], ${column((e) => e.isResidual)}::bool[],
      ${column((e) => e.isLeaf)}::bool[], ${column((e) => e.primaryTabulation)}::bool[],
      ${column((e) => e.foundationUri)}::text[], ${column((e) => e.linearizationUri)}::text[],
      ${column((e) => e.parentKey)}::text[], ${column((e) => e.position)}::int[],
      ${column((e) => JSON.stringify(e.groupings))}::text[]
    ) as u(k, c, b, ch, ck, t, tf, d, dk, r, l, p, f, li, pk, pos, g)`.execute(db);
}

interface ReleaseRow {
  release_id: string;
  version_stamp: string;
  content_sha256: string;
  chapters: number;
  blocks: number;
  categories: number;
  residuals: number;
  imported_at: Date;
}

interface HitRow {
  key: string;
  code: string | null;
  title: string;
  class_kind: Icd11Entity['classKind'];
  chapter_no: string;
  is_residual: boolean;
  is_leaf: boolean;
  score: number;
}

function dedupe(rows: HitRow[]): HitRow[] {
  const seen = new Set<string>();
  return rows.filter((row) => !seen.has(row.key) && seen.add(row.key) !== undefined);
}

function toRelease(row: ReleaseRow): StoredRelease {
  return {
    releaseId: row.release_id,
    versionStamp: row.version_stamp,
    contentSha256: row.content_sha256,
    counts: {
      chapters: row.chapters,
      blocks: row.blocks,
      categories: row.categories,
      residuals: row.residuals,
    },
    importedAt: row.imported_at.toISOString(),
  };
}

function toHit(row: HitRow): Icd11Hit {
  return {
    key: row.key,
    code: row.code,
    title: row.title,
    classKind: row.class_kind,
    chapterNo: row.chapter_no,
    isResidual: row.is_residual,
    isLeaf: row.is_leaf,
    score: Number(row.score),
  };
}

function toNode(row: EntityRow): Icd11Node {
  return {
    key: row.key,
    code: row.code,
    blockId: row.block_id,
    chapterNo: row.chapter_no,
    classKind: row.class_kind,
    title: row.title,
    depth: row.depth,
    depthInKind: row.depth_in_kind,
    isResidual: row.is_residual,
    isLeaf: row.is_leaf,
    primaryTabulation: row.primary_tabulation,
    foundationUri: row.foundation_uri,
    linearizationUri: row.linearization_uri,
    parentKey: row.parent_key,
    groupings: row.groupings,
  };
}
