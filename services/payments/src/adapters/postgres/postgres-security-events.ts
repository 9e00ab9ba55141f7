import { createHmac } from 'node:crypto';
import type { AnyDatabase, Outbox } from '@hcts/bus';
import type { SecurityEventData } from '@hcts/contracts';
import { PaymentsSecurityEventRecorded, systemActor } from '@hcts/contracts';
import { sql } from 'kysely';
import { uuidv7 } from 'uuidv7';
import type { PaymentsSecurityEvent, SecurityEvents } from '../../app/ports/security-events.ts';

const webhookRoute = 'POST /api/payments/webhook/:gateway';

/**
 * Records a security event in `payments_security_event` and, in the same transaction, stages it
 * in the outbox as `hcts.payments.security-event-recorded.v1` for compliance. The row keeps the
 * sender's address for payments' operators; the bus gets its salted digest, or nothing without
 * a salt (SECURITY_DIGEST_SALT).
 */
export function postgresSecurityEvents(
  db: AnyDatabase,
  outbox: Outbox,
  options: { salt: string | undefined; topic?: string | undefined },
): SecurityEvents {
  const definition = options.topic
    ? { ...PaymentsSecurityEventRecorded, topic: options.topic }
    : PaymentsSecurityEventRecorded;

  return {
    async record(event: PaymentsSecurityEvent, count = 1) {
      const data = eventData(event, count, options.salt);
      const context = { correlationId: uuidv7(), causationId: null, actor: systemActor };

      await db.transaction().execute(async (trx) => {
        await sql`
          insert into payments_security_event (id, kind, gateway, reason, address, count)
          values (${data.securityEventId}, ${event.kind}, ${event.gateway}, ${event.reason},
                  ${event.address}, ${count})`.execute(trx);
        await outbox.add(trx, definition, data, context);
      });
    },
  };
}

function eventData(event: PaymentsSecurityEvent, count: number, salt: string | undefined) {
  const data: SecurityEventData = {
    securityEventId: uuidv7(),
    kind: event.kind,
    severity: 'high',
    occurredAt: new Date().toISOString(),
    count,
    subject: { type: 'webhook-endpoint', id: event.gateway },
    actorUserId: null,
    actorOrganizationId: null,
    sourceDigest: salt ? addressDigest(salt, event.address) : null,
    route: webhookRoute,
    details: { gateway: event.gateway, reason: event.reason.slice(0, 200).toWellFormed() },
  };
  return data;
}

/** An HMAC of a network address, 128 bits in hex: comparable, not reversible without the key. */
export function addressDigest(salt: string, address: string): string {
  return createHmac('sha256', salt).update(address).digest('hex').slice(0, 32);
}
