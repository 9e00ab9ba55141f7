import { describe, expect, it } from 'vitest';
import { asBearer } from '../../../scripts/demo/accounts.ts';
import { GatewayClient } from '../../../scripts/demo/gateway-client.ts';
import { refund, untilCertificate, untilStatus } from '../../../scripts/demo/purchase-steps.ts';
import { postedFor, proportionalParts, untilPosted } from '../support/ledger.ts';
import { brokeredPurchase } from '../support/purchases.ts';
import { type PlatformRef, stepTimeout } from './context.ts';

export function refundSteps(platform: PlatformRef): void {
  describe('6. a refund revokes the certificate and reverses the ledger at the frozen rates', () => {
    it(
      'a full refund revokes the certificate: its verify URL then answers revoked',
      async () => {
        const { buyer, view } = await brokeredPurchase(platform());
        const id = view.transactionId;
        const issued = await untilCertificate(buyer.api, buyer.userId, id);

        const answer = await refund(buyer.api, id, view.quote.totalMinor, 'service not delivered');
        expect(answer.status).toBe(200);
        const refunded = await untilStatus(buyer.api, id, ['refunded']);
        expect(refunded.refundedMinor).toBe(view.quote.totalMinor);

        const revoked = await untilCertificate(buyer.api, buyer.userId, id, { revoked: true });
        expect(revoked.id).toBe(issued.id);
        const verified = await new GatewayClient(platform().gatewayUrl).get(
          new URL(issued.verifyUrl).pathname,
        );
        expect(verified.json).toMatchObject({ status: 'revoked', certificateId: issued.id });
      },
      stepTimeout,
    );

    it(
      'a partial refund is divided over provider, platform and intermediary as frozen',
      async () => {
        const admin = await asBearer(platform().admin);
        const { provider, broker, buyer, view } = await brokeredPurchase(platform(), {
          amountMinor: 10_000,
        });
        const id = view.transactionId;
        const { totalMinor, platformFeeMinor, commissionMinor } = view.quote;
        const payable = totalMinor - platformFeeMinor - commissionMinor;
        await untilPosted(admin, provider.organizationId, 'provider_payable', -payable);

        const amount = Math.floor(totalMinor / 3);
        expect((await refund(buyer.api, id, amount, 'one of three sessions missed')).status).toBe(
          200,
        );
        const [toProvider, toPlatform, toBroker] = proportionalParts(amount, [
          payable,
          platformFeeMinor,
          commissionMinor,
        ]);

        const left = -(payable - (toProvider ?? 0));
        expect(await untilPosted(admin, provider.organizationId, 'provider_payable', left)).toBe(
          left,
        );
        expect(
          await postedFor(admin, broker.organizationId, 'intermediary_commission_payable', id),
        ).toBe(-(commissionMinor - (toBroker ?? 0)));
        expect(await postedFor(admin, 'platform', 'platform_revenue', id)).toBe(
          -(platformFeeMinor - (toPlatform ?? 0)),
        );
      },
      stepTimeout,
    );
  });
}
