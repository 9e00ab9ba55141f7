import { IdentitySecurityEventRecorded, systemActor } from '@hcts/contracts';
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Logger } from 'pino';
import { uuidv7 } from 'uuidv7';
import type { SecurityEvent, SecurityEvents } from '../../app/ports.ts';
import { securityEventData } from '../../app/security-event-data.ts';
import { enqueueEvent } from './outbox.ts';

/**
 * Records a security event in the gateway's table and, in the same transaction, stages it in
 * the outbox as `hcts.identity.security-event-recorded.v1` for compliance. The table keeps the
 * raw address for the gateway's own operators; the bus gets only its salted digest.
 */
export function postgresSecurityEvents(
  db: Kysely<unknown>,
  log: Logger,
  salt: string,
): SecurityEvents {
  return {
    async record(event: SecurityEvent) {
      const id = uuidv7();
      const data = securityEventData(event, { id, occurredAt: new Date(), salt });
      log.warn(
        { securityEvent: event.type, securityEventId: id, count: data.count, ...event.details },
        'security event',
      );

      await db.transaction().execute(async (trx) => {
        await sql`
          insert into gateway_security_event (id, type, subject, address, details, count)
          values (${id}, ${event.type}, ${event.subject ?? null}, ${event.address ?? null},
                  ${JSON.stringify(event.details ?? {})}, ${data.count})`.execute(trx);
        await enqueueEvent(trx, IdentitySecurityEventRecorded, data, { actor: systemActor });
      });
    },
  };
}
