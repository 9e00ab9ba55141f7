import { describe, expect, it } from 'vitest';
import { asBearer } from '../../../scripts/demo/accounts.ts';
import { command, transaction } from '../../../scripts/demo/purchase-steps.ts';
import { balances } from '../support/ledger.ts';
import { brokeredPurchase } from '../support/purchases.ts';
import { type PlatformRef, stepTimeout } from './context.ts';

/** Sets the sandbox's card issuer to decline every new payment, or not. */
async function declineAll(sandboxUrl: string, decline: boolean): Promise<void> {
  const answer = await fetch(`${sandboxUrl}/__control`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ decline }),
  });
  if (!answer.ok) throw new Error(`sandbox control: ${answer.status}`);
}

export function declinedSteps(platform: PlatformRef): void {
  describe('7. a declined payment fails the transaction, with no certificate nor ledger', () => {
    const declined = async () => {
      // The switch is the sandbox's, for every payment: the suite's tests run one at a time.
      await declineAll(platform().sandboxUrl, true);
      return brokeredPurchase(platform()).finally(() => declineAll(platform().sandboxUrl, false));
    };

    it(
      'leaves the transaction failed and issues no certificate',
      async () => {
        const { buyer, view } = await declined();

        expect(view.status).toBe('failed');
        expect(view.failure?.code).toBeTruthy();
        const completing = await command(buyer.api, 'complete', view.transactionId);
        expect(completing.status).toBe(422);
        expect((await transaction(buyer.api, view.transactionId)).status).toBe('failed');

        const certificates = await buyer.api.get(`/api/certificates/user/${buyer.userId}`);
        expect(certificates.status).toBe(200);
        expect(certificates.json.items).toEqual([]);
      },
      stepTimeout,
    );

    it(
      'leaves the ledger untouched',
      async () => {
        const { insurer, provider, broker, view } = await declined();
        expect(view.status).toBe('failed');

        const admin = await asBearer(platform().admin);
        const owners = [insurer, provider, broker].map((p) => p.organizationId);
        for (const owner of owners) {
          const touched = (await balances(admin, owner)).filter(
            (b) => b.postedMinor !== 0 || b.pendingMinor !== 0,
          );
          expect(touched).toEqual([]);
        }
      },
      stepTimeout,
    );
  });
}
