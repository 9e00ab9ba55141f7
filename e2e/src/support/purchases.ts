import { expectStatus } from '../../../scripts/demo/gateway-client.ts';
import {
  command,
  type TransactionView,
  transaction,
  untilStatus,
} from '../../../scripts/demo/purchase-steps.ts';
import type { E2ePlatform } from './e2e-platform.ts';
import { newParty, newService, type Party, quoteWhenListed } from './members.ts';

export interface Purchase {
  provider: Party;
  insurer: Party;
  broker: Party;
  /** Who quoted and initiated: the intermediary for the insurer. */
  buyer: Party;
  view: TransactionView;
}

/**
 * A purchase brokered by a new intermediary for a new insurer from a new provider, taken as far
 * as `until` ('authorized' stops before completion; 'failed' expects a declined payment).
 */
export async function brokeredPurchase(
  platform: E2ePlatform,
  options: { amountMinor?: number; until?: 'authorized' | 'completed'; traceparent?: string } = {},
): Promise<Purchase> {
  const [provider, insurer, broker] = await Promise.all([
    newParty(platform, 'provider'),
    newParty(platform, 'insurer'),
    newParty(platform, 'intermediary'),
  ]);
  const { serviceId } = await newService(provider, options.amountMinor ?? 10_000);
  const trace = options.traceparent ? { traceparent: options.traceparent } : {};
  const quoted = await quoteWhenListed(broker, serviceId, {
    buyerOrganizationId: insurer.organizationId,
    ...trace,
  });
  const id = expectStatus('quote', quoted, 201).json.transactionId as string;

  expectStatus('initiate', await command(broker.api, 'initiate', id, options.traceparent), 200);
  const authorized = await untilStatus(broker.api, id, ['authorized', 'failed']);
  if (authorized.status === 'failed' || options.until === 'authorized') {
    return { provider, insurer, broker, buyer: broker, view: authorized };
  }
  expectStatus('complete', await command(broker.api, 'complete', id, options.traceparent), 200);
  return { provider, insurer, broker, buyer: broker, view: await transaction(broker.api, id) };
}
