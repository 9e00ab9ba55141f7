import { setTimeout as sleep } from 'node:timers/promises';
import type { Member } from '../../scripts/demo/accounts.ts';
import type { GatewayClient } from '../../scripts/demo/gateway-client.ts';
import type { Outcome } from './load.ts';

interface Listed {
  transactionId: string;
  issuedAt: string;
}

/**
 * When each completed purchase's certificate was issued, read through the gateway once the load
 * has stopped (polling each purchase during the load would add load of its own). Waits up to a
 * minute for stragglers; what is still missing then counts as lost.
 */
export async function certificatesIssued(
  buyers: Array<{ member: Member; api: GatewayClient }>,
  outcomes: Outcome[],
): Promise<Map<string, number>> {
  const wanted = new Set(
    outcomes.filter((o) => o.status === 'completed').map((o) => o.transactionId ?? ''),
  );
  const issued = new Map<string, number>();
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    for (const buyer of buyers) {
      const answer = await buyer.api.get(`/api/certificates/user/${buyer.member.userId}?limit=200`);
      if (answer.status !== 200) continue;
      for (const item of answer.json.items as Listed[]) {
        if (wanted.has(item.transactionId)) {
          issued.set(item.transactionId, Date.parse(item.issuedAt));
        }
      }
    }
    if (issued.size >= wanted.size) break;
    await sleep(500);
  }
  return issued;
}

/** Initiate -> certificate issued, in ms, for every purchase that has its certificate. */
export function issuedWithin(outcomes: Outcome[], issued: Map<string, number>): number[] {
  const latencies: number[] = [];
  for (const outcome of outcomes) {
    const at = outcome.transactionId ? issued.get(outcome.transactionId) : undefined;
    if (at !== undefined && outcome.initiatedAt !== undefined) {
      latencies.push(at - outcome.initiatedAt);
    }
  }
  return latencies;
}
