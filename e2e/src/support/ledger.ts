import { setTimeout as sleep } from 'node:timers/promises';
import { expectStatus, type GatewayClient } from '../../../scripts/demo/gateway-client.ts';

export interface Balance {
  accountKind: string;
  owner: string;
  currency: string;
  /** Debits positive, credits negative: what the platform owes an owner is negative. */
  postedMinor: number;
  pendingMinor: number;
}

/** Ledger balances through the gateway: one owner's, or every account's (admin). */
export async function balances(admin: GatewayClient, owner?: string): Promise<Balance[]> {
  const query = owner ? `?owner=${encodeURIComponent(owner)}` : '';
  const answer = await admin.get(`/api/payments/balances${query}`);
  return expectStatus('balances', answer, 200).json.items as Balance[];
}

/** The posted balance of one account kind of an owner (0 when it has no postings). */
export async function posted(admin: GatewayClient, owner: string, kind: string): Promise<number> {
  const found = await balances(admin, owner);
  return found.filter((b) => b.accountKind === kind).reduce((sum, b) => sum + b.postedMinor, 0);
}

/** Polls until the account's posted balance is `expected` (settlement travels by Kafka). */
export async function untilPosted(
  admin: GatewayClient,
  owner: string,
  kind: string,
  expected: number,
  timeoutMs = 30_000,
): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const now = await posted(admin, owner, kind);
    if (now === expected || Date.now() > deadline) return now;
    await sleep(200);
  }
}

/** Refund parts in proportion to what is left of each, by largest remainder (payments' rule). */
export function proportionalParts(refund: number, parts: number[]): number[] {
  const total = parts.reduce((a, b) => a + b, 0);
  const exact = parts.map((p) => (refund * p) / total);
  const floors = exact.map(Math.floor);
  let left = refund - floors.reduce((a, b) => a + b, 0);
  const order = exact
    .map((value, index) => ({ index, remainder: value - Math.floor(value) }))
    .sort((a, b) => b.remainder - a.remainder || a.index - b.index);
  for (const { index } of order) {
    if (left === 0) break;
    floors[index] = (floors[index] ?? 0) + 1;
    left -= 1;
  }
  return floors;
}

interface StatementLine {
  transactionId: string;
  accountKind: string;
  entryKind: string;
  amountMinor: number;
}

/** What one transaction posted on an owner's account of `kind`, from the owner's statement. */
export async function postedFor(
  admin: GatewayClient,
  owner: string,
  kind: string,
  transactionId: string,
): Promise<number> {
  const answer = await admin.get(`/api/payments/statements/${owner}?limit=200`);
  const lines = expectStatus('statement', answer, 200).json.lines as StatementLine[];
  return lines
    .filter((l) => l.transactionId === transactionId && l.accountKind === kind)
    .reduce((sum, l) => sum + l.amountMinor, 0);
}
