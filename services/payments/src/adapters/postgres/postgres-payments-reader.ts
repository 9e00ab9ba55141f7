import type { AnyDatabase } from '@hcts/bus';
import { sql } from 'kysely';
import type { PaymentsReader } from '../../app/ports/payments-reader.ts';
import { type IntentRow, recordOf } from './intent-rows.ts';
import { balances, statement } from './ledger-queries.ts';

export function createPaymentsReader(db: AnyDatabase): PaymentsReader {
  return {
    intent: async (id) => {
      const { rows } = await sql<IntentRow>`select * from payment_intent where id = ${id}`.execute(
        db,
      );
      return rows[0] ? recordOf(rows[0]) : undefined;
    },
    history: async (userId, organizationId, limit) => {
      const party =
        organizationId === null
          ? sql`true`
          : sql`${organizationId} in (buyer_organization_id, provider_organization_id,
              coalesce(intermediary_organization_id, ''))`;
      const { rows } = await sql<IntentRow>`
        select * from payment_intent where created_by_user_id = ${userId} and ${party}
        order by id desc limit ${limit}`.execute(db);
      return rows.map(recordOf);
    },
    balances: (owner) => balances(db, owner),
    statement: (owner, limit) => statement(db, owner, limit),
    waitingForGateway: async (limit) => {
      const { rows } = await sql<{ id: string }>`
        select id from payment_intent where status = 'requires_action'
        order by id limit ${limit}`.execute(db);
      return rows.map((r) => r.id);
    },
  };
}
