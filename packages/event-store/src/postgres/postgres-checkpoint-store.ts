import { type Kysely, sql } from 'kysely';
import type { CheckpointStore } from '../checkpoints.ts';
import type { GlobalPosition } from '../types.ts';
import type { EventStoreTables } from './schema.ts';

/** Checkpoints in the event store's own database (table es_checkpoints). */
export class PostgresCheckpointStore implements CheckpointStore {
  readonly #db: Kysely<EventStoreTables>;

  constructor(db: Kysely<EventStoreTables>) {
    this.#db = db;
  }

  async load(subscriberId: string): Promise<GlobalPosition | null> {
    const row = await this.#db
      .selectFrom('es_checkpoints')
      .select(['commit_position', 'prepare_position'])
      .where('subscriber_id', '=', subscriberId)
      .executeTakeFirst();
    if (!row) return null;
    return { commit: BigInt(row.commit_position), prepare: BigInt(row.prepare_position) };
  }

  async save(subscriberId: string, position: GlobalPosition): Promise<void> {
    await sql`
      insert into es_checkpoints (subscriber_id, commit_position, prepare_position)
      values (${subscriberId}, ${String(position.commit)}::xid8, ${String(position.prepare)}::bigint)
      on conflict (subscriber_id) do update
        set commit_position = excluded.commit_position,
            prepare_position = excluded.prepare_position,
            updated_at = now()`.execute(this.#db);
  }
}
