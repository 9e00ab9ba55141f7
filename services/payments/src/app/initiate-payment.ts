import { createHash } from 'node:crypto';
import { PaymentError } from '../domain/errors.ts';
import { splitFromRates } from '../domain/split.ts';
import { type Caller, paymentsScope } from './caller.ts';
import { createPayment } from './create-payment.ts';
import type { GatewayRegistry } from './gateway-registry.ts';
import type { PaymentsStore } from './ports/payments-store.ts';

export interface InitiateInput {
  transactionId: string;
  amountMinor: number;
  currency: string;
  providerOrganizationId: string;
  intermediaryOrganizationId: string | null;
  platformFeeBps: number;
  commissionBps: number;
}

export interface InitiateResponse {
  statusCode: number;
  body: { paymentIntentId: string; transactionId: string; status: string };
}

/**
 * Starts a payment for the caller's organization. The idempotency key is claimed in the same
 * transaction that creates the intent and stores the response: concurrent calls with one key
 * wait for the first and get its response; the same key with another body is a conflict.
 * The answer is 202: the gateway decides asynchronously (the status endpoint tells).
 */
export async function initiatePayment(
  deps: { store: PaymentsStore; registry: GatewayRegistry },
  caller: Caller,
  idempotencyKey: string,
  input: InitiateInput,
): Promise<InitiateResponse & { created: boolean }> {
  paymentsScope(caller, 'create');
  const hash = createHash('sha256')
    .update(JSON.stringify(sorted(input)))
    .digest('hex');

  return deps.store.unit(async (unit) => {
    const claim = await unit.claimIdempotencyKey(caller.organizationId, idempotencyKey, hash);
    if (claim.state === 'replay') {
      if (claim.requestHash !== hash) throw new PaymentError('PAYMENTS_IDEMPOTENCY_KEY_REUSED');
      return { ...(claim.response as InitiateResponse), created: false };
    }

    const split = splitFromRates(
      input.amountMinor,
      input.platformFeeBps,
      input.commissionBps,
      input.intermediaryOrganizationId !== null,
    );
    const { intent, created } = await createPayment(unit, deps.registry, {
      ...input,
      buyerOrganizationId: caller.organizationId,
      split,
      createdByUserId: caller.userId,
    });
    if (!created) {
      throw new PaymentError('PAYMENTS_TRANSACTION_HAS_PAYMENT', {
        transactionId: input.transactionId,
      });
    }

    const response: InitiateResponse = {
      statusCode: 202,
      body: {
        paymentIntentId: intent.id,
        transactionId: intent.transactionId,
        status: intent.status,
      },
    };
    await unit.completeIdempotencyKey(caller.organizationId, idempotencyKey, 202, response);
    return { ...response, created: true };
  });
}

function sorted(input: InitiateInput): [string, unknown][] {
  return Object.entries(input).sort(([a], [b]) => (a < b ? -1 : 1));
}
