import type { StagedEvent } from '@hcts/bus';
import {
  CommissionSettled,
  PaymentAuthorized,
  PaymentCaptured,
  PaymentFailed,
  PaymentRefunded,
} from '@hcts/contracts';
import type { Cause } from '../../app/ports/payments-store.ts';
import type { PaymentFact, PaymentIntent } from '../../domain/payment-intent.ts';

/**
 * The integration event of each fact. A cancellation has none in the contracts yet; trading
 * learns of it from its own TransactionCancelled, which caused it.
 */
export function stagedEventsOf(
  intent: PaymentIntent,
  facts: readonly PaymentFact[],
  cause: Cause,
  entryIds: ReadonlyMap<string, string>,
  topic?: string,
): StagedEvent[] {
  const at = new Date().toISOString();
  const ref = {
    paymentIntentId: intent.id,
    transactionId: intent.transactionId,
    gateway: intent.gateway,
    amountMinor: intent.split.grossMinor,
    currency: intent.currency,
  };
  const context = { ...cause, actor: { ...cause.actor } };
  const out: StagedEvent[] = [];

  for (const fact of facts) {
    if (fact.type === 'authorized') {
      out.push({ definition: PaymentAuthorized, data: { ...ref, authorizedAt: at }, context });
    } else if (fact.type === 'captured') {
      out.push({ definition: PaymentCaptured, data: { ...ref, capturedAt: at }, context });
    } else if (fact.type === 'failed') {
      const data = { ...ref, code: fact.code, reason: fact.reason.slice(0, 500), failedAt: at };
      out.push({ definition: PaymentFailed, data, context });
    } else if (fact.type === 'refunded') {
      const data = {
        ...ref,
        amountMinor: fact.amountMinor,
        refundId: fact.refundId,
        refundedTotalMinor: intent.refundedMinor,
        refundedAt: at,
      };
      out.push({ definition: PaymentRefunded, data, context });
    } else if (fact.type === 'commission-settled') {
      out.push({
        definition: CommissionSettled,
        data: settled(intent, fact, entryIds, at),
        context,
      });
    }
  }
  return topic ? out.map((e) => ({ ...e, definition: { ...e.definition, topic } })) : out;
}

function settled(
  intent: PaymentIntent,
  fact: Extract<PaymentFact, { type: 'commission-settled' }>,
  entryIds: ReadonlyMap<string, string>,
  at: string,
) {
  return {
    transactionId: intent.transactionId,
    ledgerEntryId: entryIds.get(fact.entryKey) ?? '',
    currency: intent.currency,
    grossMinor: intent.split.grossMinor,
    providerOrganizationId: intent.providerOrganizationId,
    providerPayableMinor: fact.parts.providerMinor,
    platformFeeMinor: fact.parts.platformFeeMinor,
    intermediaryOrganizationId: intent.intermediaryOrganizationId,
    intermediaryCommissionMinor: fact.parts.commissionMinor,
    settledAt: at,
  };
}
