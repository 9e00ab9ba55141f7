import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Logger } from 'pino';
import { uuidv7 } from 'uuidv7';
import type { SecurityEvent, SecurityEvents } from '../../app/ports.ts';

/**
 * Records security events in the gateway's table and the log.
 * Known limit: they are not yet published on Kafka for compliance, because contracts has no
 * security event type; adding `hcts.identity.security-event-recorded.v1` would lift it.
 */
export function postgresSecurityEvents(db: Kysely<unknown>, log: Logger): SecurityEvents {
  return {
    async record(event: SecurityEvent) {
      log.warn(
        { securityEvent: event.type, subject: event.subject, ...event.details },
        'security event',
      );
      await sql`
        insert into gateway_security_event (id, type, subject, address, details)
        values (${uuidv7()}, ${event.type}, ${event.subject ?? null}, ${event.address ?? null},
                ${JSON.stringify(event.details ?? {})})`.execute(db);
    },
  };
}
