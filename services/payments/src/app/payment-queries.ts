import { PaymentError } from '../domain/errors.ts';
import type { PaymentIntent } from '../domain/payment-intent.ts';
import { type Caller, paymentsScope } from './caller.ts';
import type { Balance, PaymentsReader, StatementLine } from './ports/payments-reader.ts';
import type { IntentRecord } from './ports/payments-store.ts';

export function isParty(intent: PaymentIntent, organizationId: string): boolean {
  return [
    intent.buyerOrganizationId,
    intent.providerOrganizationId,
    intent.intermediaryOrganizationId,
  ].includes(organizationId);
}

/** A payment the caller may see: admin any; others only where their organization is a party. */
export async function paymentStatus(
  reader: PaymentsReader,
  caller: Caller,
  id: string,
): Promise<IntentRecord> {
  const scope = paymentsScope(caller, 'read');
  const record = await reader.intent(id);
  if (!record || (scope === 'own' && !isParty(record.intent, caller.organizationId))) {
    throw new PaymentError('PAYMENTS_INTENT_NOT_FOUND', { id });
  }
  return record;
}

/** The payments a user started: all of them for admin, else only those of the caller's org. */
export function paymentHistory(
  reader: PaymentsReader,
  caller: Caller,
  userId: string,
  limit: number,
): Promise<IntentRecord[]> {
  const scope = paymentsScope(caller, 'read');
  return reader.history(userId, scope === 'all' ? null : caller.organizationId, limit);
}

/** Balances of the caller's organization's accounts; admin sees any owner, or all. */
export function accountBalances(
  reader: PaymentsReader,
  caller: Caller,
  owner: string | undefined,
): Promise<Balance[]> {
  const scope = paymentsScope(caller, 'read');
  if (scope === 'all') return reader.balances(owner ?? null);
  if (owner !== undefined && owner !== caller.organizationId) {
    throw new PaymentError('PAYMENTS_FORBIDDEN', { action: 'read' });
  }
  return reader.balances(caller.organizationId);
}

export function organizationStatement(
  reader: PaymentsReader,
  caller: Caller,
  organizationId: string,
  limit: number,
): Promise<StatementLine[]> {
  const scope = paymentsScope(caller, 'read');
  if (scope === 'own' && organizationId !== caller.organizationId) {
    throw new PaymentError('PAYMENTS_FORBIDDEN', { action: 'read' });
  }
  return reader.statement(organizationId, limit);
}
