import type { Logger } from 'pino';
import { applyOutcomes, systemCause } from './apply-outcomes.ts';
import type { GatewayRegistry } from './gateway-registry.ts';
import type { GatewayNotice, WebhookHeaders } from './ports/payment-gateway.ts';
import type { IntentRecord, PaymentsStore, PaymentsUnit } from './ports/payments-store.ts';
import { reconcile } from './reconcile.ts';

export interface WebhookDeps {
  store: PaymentsStore;
  registry: GatewayRegistry;
  log: Logger;
}

export type WebhookResult = 'applied' | 'duplicate' | 'ignored';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A gateway's webhook: verified over the raw bytes before anything is parsed or written
 * (WebhookRejected otherwise), then, in one transaction, its event id recorded and its effect
 * applied. The event is only a pointer: the payment's state is fetched from the gateway, so a
 * late or reordered event cannot move the intent wrongly, and a duplicate changes nothing.
 */
export async function handleWebhook(
  deps: WebhookDeps,
  gatewayName: string,
  rawBody: Buffer,
  headers: WebhookHeaders,
): Promise<WebhookResult> {
  const gateway = deps.registry.get(gatewayName);
  const notice = gateway.verifyWebhook(rawBody, headers);

  return deps.store.unit(async (unit) => {
    if (!(await unit.recordGatewayEvent(gatewayName, notice.eventId, notice.type))) {
      return 'duplicate';
    }
    // Known limit: an event from a gateway the intent no longer uses (it timed out there,
    // then the payment went elsewhere) is only logged; such money needs a manual refund at
    // that gateway, which a reconciliation report over the attempts table would surface.
    const record = await findIntent(unit, gatewayName, notice);
    if (!record || !notice.gatewayPaymentId || record.intent.gateway !== gatewayName) {
      deps.log.info({ gateway: gatewayName, eventType: notice.type }, 'webhook without payment');
      return 'ignored';
    }

    const state = await gateway.fetchPayment(notice.gatewayPaymentId);
    const pending = (await unit.refunds(record.intent.id)).filter((r) => !r.applied);
    const outcomes = reconcile(record.intent, state, pending);
    await applyOutcomes(unit, record.intent, outcomes, systemCause);
    return 'applied';
  });
}

async function findIntent(
  unit: PaymentsUnit,
  gateway: string,
  notice: GatewayNotice,
): Promise<IntentRecord | undefined> {
  if (notice.gatewayPaymentId) {
    const found = await unit.lockIntent({ gateway, gatewayPaymentId: notice.gatewayPaymentId });
    if (found) return found;
  }
  return notice.reference && uuid.test(notice.reference)
    ? unit.lockIntent({ id: notice.reference })
    : undefined;
}
