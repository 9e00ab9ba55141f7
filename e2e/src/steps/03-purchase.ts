import { describe, expect, it } from 'vitest';
import { expectStatus } from '../../../scripts/demo/gateway-client.ts';
import { command, transaction, untilStatus } from '../../../scripts/demo/purchase-steps.ts';
import { newParty, newService, quoteWhenListed } from '../support/members.ts';
import { type PlatformRef, stepTimeout } from './context.ts';

interface Delivery {
  eventId: string;
  type: string;
  status: number | 'error';
}

interface SandboxPayment {
  id: string;
  reference: string | null;
  amount: number;
  status: string;
}

async function sandbox<T>(base: string, path: string): Promise<T> {
  return (await (await fetch(`${base}${path}`)).json()) as T;
}

export function purchaseSteps(platform: PlatformRef): void {
  describe('3. an insurer buys through an intermediary, pays through the sandbox gateway', () => {
    it(
      'searches, quotes, initiates, is authorized by signed webhook, completes',
      async () => {
        const provider = await newParty(platform(), 'provider');
        const insurer = await newParty(platform(), 'insurer');
        const broker = await newParty(platform(), 'intermediary');
        const { serviceId, indication } = await newService(provider, 48_000);

        const search = `/api/marketplace/services?provider=${provider.organizationId}&icd=${indication}`;
        const found = expectStatus('search', await insurer.api.get(search), 200);
        expect(found.json.items.map((s: { serviceId: string }) => s.serviceId)).toEqual([
          serviceId,
        ]);

        const quoted = await quoteWhenListed(broker, serviceId, {
          buyerOrganizationId: insurer.organizationId,
          quantity: 2,
        });
        expect(quoted.status).toBe(201);
        expect(quoted.json).toMatchObject({
          status: 'quoted',
          buyerOrganizationId: insurer.organizationId,
          providerOrganizationId: provider.organizationId,
          intermediaryOrganizationId: broker.organizationId,
        });
        expect(quoted.json.quote).toMatchObject({ totalMinor: 96_000, currency: 'USD' });
        const id = quoted.json.transactionId as string;

        expect((await command(broker.api, 'initiate', id)).status).toBe(200);
        const authorized = await untilStatus(broker.api, id, ['authorized', 'failed']);
        expect(authorized.status).toBe('authorized');
        expect(authorized.payment).toMatchObject({ amountMinor: 96_000 });

        // The sandbox holds the money for this intent and told payments so by signed webhook,
        // sent to the gateway's public webhook route and accepted (2xx).
        const intentId = (authorized.payment as { paymentIntentId: string }).paymentIntentId;
        const payments = await sandbox<SandboxPayment[]>(platform().sandboxUrl, '/v1/payments');
        expect(payments.find((p) => p.reference === intentId)).toMatchObject({
          amount: 96_000,
          status: 'authorized',
        });
        const deliveries = await sandbox<Delivery[]>(
          platform().sandboxUrl,
          '/__control/deliveries',
        );
        const accepted = deliveries.filter(
          (d) => d.type === 'payment.authorized' && typeof d.status === 'number' && d.status < 300,
        );
        expect(accepted.length).toBeGreaterThan(0);

        expect((await command(broker.api, 'complete', id)).status).toBe(200);
        const completed = await transaction(insurer.api, id);
        expect(completed).toMatchObject({ status: 'completed', capturedMinor: 96_000 });
      },
      stepTimeout,
    );
  });
}
