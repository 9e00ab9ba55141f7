import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { type Answer, expectStatus, type GatewayClient } from './gateway-client.ts';

export interface TransactionView {
  transactionId: string;
  status: string;
  version: number;
  buyerOrganizationId: string;
  providerOrganizationId: string;
  intermediaryOrganizationId: string | null;
  quote: {
    currency: string;
    totalMinor: number;
    platformFeeMinor: number;
    platformFeeBps: number;
    commissionMinor: number;
    commissionBps: number;
    lines: Array<{ serviceId: string; quantity: number; lineTotalMinor: number }>;
  };
  payment: Record<string, unknown> | null;
  capturedMinor: number;
  refundedMinor: number;
  failure: { code: string; reason: string } | null;
}

export interface CertificateView {
  id: string;
  transactionId: string;
  verifyUrl: string;
  revokedAt: string | null;
}

/** Extra headers of one call: a fresh Idempotency-Key, and a trace context when given. */
function headersOf(traceparent?: string): Record<string, string> {
  return { 'idempotency-key': randomUUID(), ...(traceparent ? { traceparent } : {}) };
}

/** Prices lines; an intermediary names the insurer it buys for. */
export function quote(
  client: GatewayClient,
  items: Array<{ serviceId: string; quantity: number }>,
  options: { buyerOrganizationId?: string; traceparent?: string } = {},
): Promise<Answer> {
  const body = {
    items,
    ...(options.buyerOrganizationId ? { buyerOrganizationId: options.buyerOrganizationId } : {}),
  };
  return client.post('/api/purchase/quote', body, headersOf(options.traceparent));
}

/** initiate, complete: one transaction moved by one command. */
export function command(
  client: GatewayClient,
  name: 'initiate' | 'complete',
  transactionId: string,
  traceparent?: string,
): Promise<Answer> {
  return client.post(`/api/purchase/${name}`, { transactionId }, headersOf(traceparent));
}

export function refund(
  client: GatewayClient,
  transactionId: string,
  amountMinor: number,
  reason: string,
): Promise<Answer> {
  return client.post('/api/purchase/refund', { transactionId, amountMinor, reason }, headersOf());
}

export async function transaction(client: GatewayClient, id: string): Promise<TransactionView> {
  const answer = await client.get(`/api/transactions/${id}`);
  return expectStatus('read transaction', answer, 200).json as TransactionView;
}

/** Polls the transaction until its status is one of `statuses` (events travel by Kafka). */
export async function untilStatus(
  client: GatewayClient,
  id: string,
  statuses: string[],
  timeoutMs = 60_000,
): Promise<TransactionView> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const view = await transaction(client, id);
    if (statuses.includes(view.status)) return view;
    if (Date.now() > deadline) {
      throw new Error(`transaction ${id} is ${view.status}, not ${statuses.join('|')}`);
    }
    await sleep(100);
  }
}

/** Polls a user's certificates until the transaction's one is there (and revoked, if asked). */
export async function untilCertificate(
  client: GatewayClient,
  userId: string,
  transactionId: string,
  options: { revoked?: boolean; timeoutMs?: number } = {},
): Promise<CertificateView> {
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  for (;;) {
    const answer = await client.get(`/api/certificates/user/${userId}?limit=200`);
    expectStatus('list certificates', answer, 200);
    const found = (answer.json.items as CertificateView[]).find(
      (c) => c.transactionId === transactionId && (!options.revoked || c.revokedAt !== null),
    );
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no certificate for transaction ${transactionId}`);
    await sleep(150);
  }
}

/** Quote, initiate, wait for the payment's authorization, complete: one purchase. */
export async function purchase(
  client: GatewayClient,
  items: Array<{ serviceId: string; quantity: number }>,
  options: { buyerOrganizationId?: string; traceparent?: string } = {},
): Promise<TransactionView> {
  const quoted = expectStatus('quote', await quote(client, items, options), 201);
  const id = quoted.json.transactionId as string;
  expectStatus('initiate', await command(client, 'initiate', id, options.traceparent), 200);
  const authorized = await untilStatus(client, id, ['authorized', 'failed']);
  if (authorized.status === 'failed') return authorized;
  expectStatus('complete', await command(client, 'complete', id, options.traceparent), 200);
  return transaction(client, id);
}
