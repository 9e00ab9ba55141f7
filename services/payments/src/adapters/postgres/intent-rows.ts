import type { IntentRecord } from '../../app/ports/payments-store.ts';
import type { PaymentIntent } from '../../domain/payment-intent.ts';
import type { PaymentStatus } from '../../domain/payment-status.ts';

export interface IntentRow {
  id: string;
  transaction_id: string;
  buyer_organization_id: string;
  provider_organization_id: string;
  intermediary_organization_id: string | null;
  created_by_user_id: string | null;
  currency: string;
  gross_minor: number;
  provider_minor: number;
  platform_fee_minor: number;
  commission_minor: number;
  platform_fee_bps: number;
  commission_bps: number;
  gateway: string;
  gateway_payment_id: string | null;
  status: string;
  captured_minor: number;
  refunded_minor: number;
  reversed_provider_minor: number;
  reversed_platform_fee_minor: number;
  reversed_commission_minor: number;
  failure_code: string | null;
  failure_reason: string | null;
  created_at: Date;
  updated_at: Date;
}

export function recordOf(row: IntentRow): IntentRecord {
  const intent: PaymentIntent = {
    id: row.id,
    transactionId: row.transaction_id,
    buyerOrganizationId: row.buyer_organization_id,
    providerOrganizationId: row.provider_organization_id,
    intermediaryOrganizationId: row.intermediary_organization_id,
    currency: row.currency,
    split: {
      grossMinor: row.gross_minor,
      providerMinor: row.provider_minor,
      platformFeeMinor: row.platform_fee_minor,
      commissionMinor: row.commission_minor,
      platformFeeBps: row.platform_fee_bps,
      commissionBps: row.commission_bps,
    },
    gateway: row.gateway,
    gatewayPaymentId: row.gateway_payment_id,
    status: row.status as PaymentStatus,
    capturedMinor: row.captured_minor,
    refundedMinor: row.refunded_minor,
    reversed: {
      providerMinor: row.reversed_provider_minor,
      platformFeeMinor: row.reversed_platform_fee_minor,
      commissionMinor: row.reversed_commission_minor,
    },
    failure:
      row.failure_code === null
        ? null
        : { code: row.failure_code, reason: row.failure_reason ?? row.failure_code },
  };
  return {
    intent,
    createdByUserId: row.created_by_user_id,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** The columns an intent writes, in one order for insert and update alike. */
export function columnsOf(i: PaymentIntent) {
  return {
    id: i.id,
    transaction_id: i.transactionId,
    buyer_organization_id: i.buyerOrganizationId,
    provider_organization_id: i.providerOrganizationId,
    intermediary_organization_id: i.intermediaryOrganizationId,
    currency: i.currency,
    gross_minor: i.split.grossMinor,
    provider_minor: i.split.providerMinor,
    platform_fee_minor: i.split.platformFeeMinor,
    commission_minor: i.split.commissionMinor,
    platform_fee_bps: i.split.platformFeeBps,
    commission_bps: i.split.commissionBps,
    gateway: i.gateway,
    gateway_payment_id: i.gatewayPaymentId,
    status: i.status,
    captured_minor: i.capturedMinor,
    refunded_minor: i.refundedMinor,
    reversed_provider_minor: i.reversed.providerMinor,
    reversed_platform_fee_minor: i.reversed.platformFeeMinor,
    reversed_commission_minor: i.reversed.commissionMinor,
    failure_code: i.failure?.code ?? null,
    failure_reason: i.failure?.reason ?? null,
  };
}
