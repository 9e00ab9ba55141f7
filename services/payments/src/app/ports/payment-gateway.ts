/** What a gateway says a payment is; the gateway's record is authoritative for money moved. */
export const GatewayStatuses = Object.freeze({
  requiresAction: 'requires_action',
  processing: 'processing',
  authorized: 'authorized',
  captured: 'captured',
  failed: 'failed',
  cancelled: 'cancelled',
} as const);
export type GatewayStatus = (typeof GatewayStatuses)[keyof typeof GatewayStatuses];

export interface GatewayRefund {
  readonly gatewayRefundId: string;
  /** Our refund id when the refund was ours; null for one made at the gateway directly. */
  readonly reference: string | null;
  readonly amountMinor: number;
}

export interface GatewayPayment {
  readonly gatewayPaymentId: string;
  /** Our payment intent id, as we gave it to the gateway. */
  readonly reference: string | null;
  readonly status: GatewayStatus;
  readonly amountMinor: number;
  readonly currency: string;
  readonly capturedMinor: number;
  readonly refundedMinor: number;
  readonly refunds: readonly GatewayRefund[];
  readonly failure: { readonly code: string; readonly reason: string } | null;
}

/** A verified webhook: only a pointer; the state itself is fetched when order matters. */
export interface GatewayNotice {
  readonly eventId: string;
  readonly type: string;
  readonly gatewayPaymentId: string | null;
  readonly reference: string | null;
  /** The state the event carried, when it carries one; may be stale if events reorder. */
  readonly payment: GatewayPayment | null;
}

export type WebhookHeaders = Readonly<Record<string, string | string[] | undefined>>;

export interface PaymentGateway {
  readonly name: string;
  authorize(request: {
    reference: string;
    amountMinor: number;
    currency: string;
    idempotencyKey: string;
  }): Promise<GatewayPayment>;
  capture(
    gatewayPaymentId: string,
    request: { amountMinor: number; idempotencyKey: string },
  ): Promise<GatewayPayment>;
  cancel(gatewayPaymentId: string, request: { idempotencyKey: string }): Promise<GatewayPayment>;
  refund(
    gatewayPaymentId: string,
    request: { refundId: string; amountMinor: number; idempotencyKey: string },
  ): Promise<GatewayPayment>;
  fetchPayment(gatewayPaymentId: string): Promise<GatewayPayment>;
  /** Verifies over the raw bytes first and parses only then; throws WebhookRejected. */
  verifyWebhook(rawBody: Buffer, headers: WebhookHeaders): GatewayNotice;
}

/**
 * Why a webhook was refused. `signature`: the sender could not be authenticated, so the reason
 * stays in the security log and the sender learns only that. `content`: the signature held
 * and the signed body was not understood; the reason (a fixed phrase, never body content or
 * key material) may be told to the sender, whose operator would otherwise chase keys.
 */
export class WebhookRejected extends Error {
  readonly reason: string;
  readonly stage: 'signature' | 'content';

  constructor(reason: string, stage: 'signature' | 'content' = 'signature') {
    super(`webhook rejected: ${reason}`);
    this.name = 'WebhookRejected';
    this.reason = reason;
    this.stage = stage;
  }
}

/**
 * The gateway could not be reached or answered that it is down. `taken` says whether it may
 * have acted on the request anyway (a timeout after sending): only a request surely not
 * taken may go to another gateway, or the buyer could be charged twice.
 */
export class GatewayUnavailable extends Error {
  readonly gateway: string;
  readonly taken: boolean;

  constructor(gateway: string, taken: boolean, detail: string) {
    super(`gateway ${gateway} unavailable: ${detail}`);
    this.name = 'GatewayUnavailable';
    this.gateway = gateway;
    this.taken = taken;
  }
}

/** The gateway answered and refused (bad request, conflict); retrying elsewhere won't help. */
export class GatewayRefused extends Error {
  readonly gateway: string;
  readonly status: number;

  constructor(gateway: string, status: number, detail: string) {
    super(`gateway ${gateway} refused: ${detail}`);
    this.name = 'GatewayRefused';
    this.gateway = gateway;
    this.status = status;
  }
}
