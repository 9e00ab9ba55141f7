import { createHash } from 'node:crypto';
import { PaymentError } from '../domain/errors.ts';
import type { PaymentIntent } from '../domain/payment-intent.ts';
import { type Caller, paymentsScope } from './caller.ts';
import type { PaymentsStore } from './ports/payments-store.ts';

/** The buyer names the transaction only: amounts, parties and split are trading's. */
export interface InitiateInput {
  transactionId: string;
}

export interface InitiateResponse {
  statusCode: number;
  body: { paymentIntentId: string; transactionId: string; status: string };
}

/**
 * The buying side asks for the payment of a transaction trading initiated. The intent itself
 * is made only from trading's TransactionInitiated (`open-payment.ts`), with the frozen quote's
 * split, so nothing a caller sends can change who is paid what. Before that event arrives,
 * or for a transaction the caller does not buy, the answer is a 404 the client may retry.
 * The idempotency key is claimed in the same transaction that stores the response: the same
 * key with another body is a conflict. The answer is 202: the gateway decides asynchronously.
 */
export async function initiatePayment(
  deps: { store: PaymentsStore },
  caller: Caller,
  idempotencyKey: string,
  input: InitiateInput,
): Promise<InitiateResponse & { created: boolean }> {
  paymentsScope(caller, 'create');
  const hash = createHash('sha256').update(JSON.stringify(input.transactionId)).digest('hex');

  return deps.store.unit(async (unit) => {
    const claim = await unit.claimIdempotencyKey(caller.organizationId, idempotencyKey, hash);
    if (claim.state === 'replay') {
      if (claim.requestHash !== hash) throw new PaymentError('PAYMENTS_IDEMPOTENCY_KEY_REUSED');
      return { ...(claim.response as InitiateResponse), created: false };
    }

    const record = await unit.lockIntent({ transactionId: input.transactionId });
    if (!record || !buysIt(caller, record.intent)) {
      throw new PaymentError('PAYMENTS_TRANSACTION_UNKNOWN', {
        transactionId: input.transactionId,
      });
    }

    const { intent } = record;
    const response: InitiateResponse = {
      statusCode: 202,
      body: {
        paymentIntentId: intent.id,
        transactionId: intent.transactionId,
        status: intent.status,
      },
    };
    await unit.completeIdempotencyKey(caller.organizationId, idempotencyKey, 202, response);
    // `created` wakes the authorizer for an intent still waiting for its gateway.
    return { ...response, created: intent.status === 'requires_action' };
  });
}

/** The buying side of a payment: its buyer, or the intermediary that brokered it. */
function buysIt(caller: Caller, intent: PaymentIntent): boolean {
  if (caller.role === 'insurer') return caller.organizationId === intent.buyerOrganizationId;
  if (caller.role === 'intermediary') {
    return caller.organizationId === intent.intermediaryOrganizationId;
  }
  return false;
}
