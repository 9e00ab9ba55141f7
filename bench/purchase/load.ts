import { setTimeout as sleep } from 'node:timers/promises';
import type { GatewayClient } from '../../scripts/demo/gateway-client.ts';
import { command, quote } from '../../scripts/demo/purchase-steps.ts';

export interface Outcome {
  transactionId?: string;
  /** When initiate was sent (ms since epoch, this machine's clock). */
  initiatedAt?: number;
  status: 'completed' | 'failed' | 'error';
  error?: string;
}

/** One purchase, as a buyer app runs it: quote, initiate, wait for authorization, complete. */
export async function onePurchase(
  client: GatewayClient,
  serviceId: string,
  stopAt: number,
  pollMs: number,
): Promise<Outcome> {
  try {
    const quoted = await quote(client, [{ serviceId, quantity: 1 }]);
    if (quoted.status !== 201) return { status: 'error', error: `quote ${quoted.status}` };
    const id = quoted.json.transactionId as string;

    const initiatedAt = Date.now();
    const initiated = await command(client, 'initiate', id);
    if (initiated.status !== 200) return { status: 'error', error: `initiate ${initiated.status}` };
    const status = await untilAuthorized(client, id, stopAt, pollMs);
    if (status !== 'authorized') return { transactionId: id, initiatedAt, status: 'failed' };

    const completed = await command(client, 'complete', id);
    if (completed.status !== 200) {
      return {
        transactionId: id,
        initiatedAt,
        status: 'error',
        error: `complete ${completed.status}`,
      };
    }
    return { transactionId: id, initiatedAt, status: 'completed' };
  } catch (error) {
    return { status: 'error', error: error instanceof Error ? error.message : String(error) };
  }
}

const decided = 'authorized,failed,cancelled';

/**
 * Waits for the payment's decision with trading's bounded long poll, as a client app does, or
 * (pollMs above 0, for comparison) by reading the transaction every pollMs.
 */
async function untilAuthorized(client: GatewayClient, id: string, stopAt: number, pollMs: number) {
  const query = pollMs > 0 ? '' : `?waitFor=${decided}&timeoutMs=5000`;
  for (;;) {
    const answer = await client.get(`/api/transactions/${id}${query}`);
    if (answer.status !== 200) return `read ${answer.status}`;
    const status = answer.json.status as string;
    if (status !== 'initiated' || Date.now() > stopAt) return status;
    if (pollMs > 0) await sleep(pollMs);
  }
}

/**
 * Open-loop arrivals: starts `rate` purchases per second for `seconds`, whatever the answers
 * take (a closed loop would slow down with the system and hide its limit). Buyers take turns.
 */
export async function runAtRate(
  buyers: GatewayClient[],
  serviceId: string,
  rate: number,
  seconds: number,
  pollMs = 0,
): Promise<Outcome[]> {
  const total = Math.round(rate * seconds);
  const started = Date.now();
  const stopAt = started + seconds * 1000 + 60_000;
  const running: Promise<Outcome>[] = [];
  for (let i = 0; i < total; i += 1) {
    const due = started + (i * 1000) / rate;
    const wait = due - Date.now();
    if (wait > 0) await sleep(wait);
    const buyer = buyers[i % buyers.length];
    if (buyer) running.push(onePurchase(buyer, serviceId, stopAt, pollMs));
  }
  return Promise.all(running);
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] ?? Number.NaN;
}
