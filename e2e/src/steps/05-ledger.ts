import { describe, expect, it } from 'vitest';
import { asBearer } from '../../../scripts/demo/accounts.ts';
import { balances, posted, postedFor, untilPosted } from '../support/ledger.ts';
import { brokeredPurchase } from '../support/purchases.ts';
import { type PlatformRef, stepTimeout } from './context.ts';

export function ledgerSteps(platform: PlatformRef): void {
  describe('5. the ledger balances and the commission is settled', () => {
    it(
      'posts provider payable, platform fee and intermediary commission from the quote',
      async () => {
        const admin = await asBearer(platform().admin);

        const { provider, broker, view } = await brokeredPurchase(platform(), {
          amountMinor: 20_001,
        });
        const { totalMinor, platformFeeMinor, commissionMinor } = view.quote;
        expect(view.status).toBe('completed');
        expect(commissionMinor).toBeGreaterThan(0);

        const payable = -(totalMinor - platformFeeMinor - commissionMinor);
        expect(await untilPosted(admin, provider.organizationId, 'provider_payable', payable)).toBe(
          payable,
        );
        expect(await posted(admin, broker.organizationId, 'intermediary_commission_payable')).toBe(
          -commissionMinor,
        );
        const fee = await postedFor(admin, 'platform', 'platform_revenue', view.transactionId);
        expect(fee).toBe(-platformFeeMinor);

        // Every entry balances, so the whole ledger sums to zero, posted and pending alike.
        const all = await balances(admin);
        expect(all.reduce((sum, b) => sum + b.postedMinor, 0)).toBe(0);
        expect(all.reduce((sum, b) => sum + b.pendingMinor, 0)).toBe(0);
      },
      stepTimeout,
    );
  });
}
