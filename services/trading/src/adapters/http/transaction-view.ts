import type { RecordedEvent } from '@hcts/event-store';
import type { KnownTransaction } from '../../domain/state.ts';

/** A transaction as the API shows it; sets and internal bookkeeping stay inside. */
export function transactionView(state: KnownTransaction, version: number) {
  return {
    transactionId: state.transactionId,
    status: state.status,
    version,
    buyerOrganizationId: state.buyerOrganizationId,
    providerOrganizationId: state.providerOrganizationId,
    intermediaryOrganizationId: state.intermediaryOrganizationId,
    quote: state.quote,
    payment: 'payment' in state ? state.payment : null,
    capturedMinor: 'capturedMinor' in state ? state.capturedMinor : 0,
    refundedMinor: state.status === 'refunded' ? state.refundedMinor : 0,
    fullyRefunded: state.status === 'refunded' ? state.fully : false,
    cancellationReason: state.status === 'cancelled' ? state.reason : null,
    failure: state.status === 'failed' ? { code: state.code, reason: state.reason } : null,
  };
}

export function historyView(events: readonly RecordedEvent[]) {
  return events.map((e) => ({
    eventId: e.id,
    version: e.version,
    type: e.type,
    recordedAt: e.recordedAt.toISOString(),
    data: e.data,
  }));
}
