// Steps the integration tests take through the application, without Kafka in between.
import type { FrozenQuote } from '@hcts/contracts';
import { sql } from 'kysely';
import { systemCause } from '../app/apply-outcomes.ts';
import { cancelPayment } from '../app/cancel-payment.ts';
import { capturePayment } from '../app/capture-payment.ts';
import { openPayment } from '../app/open-payment.ts';
import { refundPayment } from '../app/refund-payment.ts';
import {
  aQuote,
  eventually,
  intentStatus,
  type PaymentsFixture,
  parties,
} from './payments-fixture.ts';

type Parties = Omit<ReturnType<typeof parties>, 'intermediaryOrganizationId'> & {
  intermediaryOrganizationId: string | null;
};

/** What trading's TransactionInitiated does: the intent, from the parties and frozen quote. */
export async function startPayment<P extends Parties = ReturnType<typeof parties>>(
  f: PaymentsFixture,
  quote: FrozenQuote = aQuote(),
  p: P = parties() as P,
  createdByUserId = 'user-1',
): Promise<P> {
  const { app } = f.payments;
  await app.store.unit((unit) => openPayment(unit, app.registry, { ...p, quote }, createdByUserId));
  void app.authorizer.kick();
  return p;
}

export async function reaches(f: PaymentsFixture, transactionId: string, status: string) {
  return eventually(async () => {
    const intent = await intentStatus(f, transactionId);
    return intent?.status === status ? intent : undefined;
  }, `payment of ${transactionId} ${status}`);
}

export function capture(f: PaymentsFixture, transactionId: string) {
  const { app } = f.payments;
  return app.store.unit((unit) => capturePayment(unit, app.registry, transactionId, systemCause));
}

export function cancel(f: PaymentsFixture, transactionId: string) {
  const { app } = f.payments;
  return app.store.unit((unit) =>
    cancelPayment(unit, app.registry, app.log, transactionId, systemCause),
  );
}

export function refund(
  f: PaymentsFixture,
  transactionId: string,
  refundId: string,
  amountMinor: number,
) {
  const { app } = f.payments;
  const request = { transactionId, refundId, amountMinor, currency: 'EUR' };
  return app.store.unit((unit) => refundPayment(unit, app.registry, request, systemCause));
}

export async function gatewayEventCount(f: PaymentsFixture): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from gateway_event`.execute(
    f.payments.db,
  );
  return rows[0]?.n ?? 0;
}

export async function balanceOf(f: PaymentsFixture, owner: string, kind: string) {
  const all = await f.payments.app.reader.balances(owner);
  return all.find((b) => b.accountKind === kind);
}
