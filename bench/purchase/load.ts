import { setTimeout as sleep } from 'node:timers/promises';
import type { GatewayClient } from '../../scripts/demo/gateway-client.ts';
import { command, quote, transaction } from '../../scripts/demo/purchase-steps.ts';

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
): Promise<Outcome> {
  try {
    const quoted = await quote(client, [{ serviceId, quantity: 1 }]);
    if (quoted.status !== 201) return { status: 'error', error: `quote ${quoted.status}` };
    const id = quoted.json.transactionId as string;

    const initiatedAt = Date.now();
    const initiated = await command(client, 'initiate', id);
    if (initiated.status !== 200) return { status: 'error', error: `initiate ${initiated.status}` };
    const status = await untilAuthorized(client, id, stopAt);
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

async function untilAuthorized(client: GatewayClient, id: string, stopAt: number) {
  for (;;) {
    const view = await transaction(client, id);
    if (view.status !== 'initiated') return view.status;
    if (Date.now() > stopAt) return 'timeout';
    // A tenth of a second: finer polling would itself be a large part of the load measured.
    await sleep(100);
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
    if (buyer) running.push(onePurchase(buyer, serviceId, stopAt));
  }
  return Promise.all(running);
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] ?? Number.NaN;
}
