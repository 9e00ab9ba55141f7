/**
 * What a certificate states about a purchase, as the trading context froze it. It mirrors the
 * TransactionCompleted contract without importing it, so that the domain stays self-contained;
 * the Kafka adapter maps one onto the other.
 */
export interface PurchasedService {
  serviceId: string;
  serviceVersion: number;
  name: string;
  procedureCode: { system: string; code: string };
  indications: Array<{ code: string; releaseId: string }>;
  quantity: number;
  unitPriceMinor: number;
  lineTotalMinor: number;
}

export interface CompletedPurchase {
  transactionId: string;
  buyerOrganizationId: string;
  providerOrganizationId: string;
  intermediaryOrganizationId: string | null;
  currency: string;
  services: PurchasedService[];
  subtotalMinor: number;
  platformFeeMinor: number;
  commissionMinor: number;
  totalMinor: number;
  completedAt: string;
}
