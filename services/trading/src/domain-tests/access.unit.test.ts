import { describe, expect, it } from 'vitest';
import { assertStandings } from '../domain/access.ts';
import type { Actor, OrganizationStanding, Parties } from '../domain/types.ts';
import { nextId } from './transaction-fixtures.ts';

type Kind = OrganizationStanding['kind'];
type Status = OrganizationStanding['status'];

function brokered(buyer: { kind: Kind; status: Status } | null, broker: Status = 'verified') {
  const parties: Parties = {
    buyerOrganizationId: nextId('buyer'),
    providerOrganizationId: nextId('provider'),
    intermediaryOrganizationId: nextId('broker'),
  };
  const actor: Actor = {
    userId: nextId('user'),
    organizationId: parties.intermediaryOrganizationId,
    role: 'intermediary',
  };
  const standings = new Map<string, OrganizationStanding>();
  const put = (organizationId: string, kind: Kind, status: Status) =>
    standings.set(organizationId, { organizationId, kind, status });
  put(parties.intermediaryOrganizationId as string, 'intermediary', broker);
  if (buyer) put(parties.buyerOrganizationId, buyer.kind, buyer.status);
  return { actor, parties, standings };
}

const codeOf = (run: () => void) => {
  try {
    run();
    return 'none';
  } catch (error) {
    return (error as { code: string }).code;
  }
};

describe('assertStandings: who may buy, and for whom', () => {
  it('lets a verified intermediary buy for a verified insurer', () => {
    const { actor, parties, standings } = brokered({ kind: 'insurer', status: 'verified' });
    expect(codeOf(() => assertStandings(actor, parties, standings))).toBe('none');
  });

  it('refuses a buyer that is unknown, not an insurer, or not verified', () => {
    const buyers = [
      null,
      { kind: 'provider', status: 'verified' },
      { kind: 'intermediary', status: 'verified' },
      { kind: 'insurer', status: 'pending' },
      { kind: 'insurer', status: 'suspended' },
      { kind: 'insurer', status: 'rejected' },
    ] as const;
    for (const buyer of buyers) {
      const { actor, parties, standings } = brokered(buyer);
      const code = codeOf(() => assertStandings(actor, parties, standings));
      expect(code).toBe('TRADING_BUYER_NOT_AN_INSURER');
    }
  });

  it('refuses the provider named as buyer even if the replica called it an insurer', () => {
    const { actor, parties, standings } = brokered({ kind: 'insurer', status: 'verified' });
    const self = { ...parties, providerOrganizationId: parties.buyerOrganizationId };
    expect(codeOf(() => assertStandings(actor, self, standings))).toBe(
      'TRADING_BUYER_NOT_AN_INSURER',
    );
  });

  it('refuses a caller whose own organization is pending or unknown', () => {
    const pending = brokered({ kind: 'insurer', status: 'verified' }, 'pending');
    expect(codeOf(() => assertStandings(pending.actor, pending.parties, pending.standings))).toBe(
      'TRADING_ORGANIZATION_NOT_VERIFIED',
    );
    const { actor, parties } = brokered({ kind: 'insurer', status: 'verified' });
    expect(codeOf(() => assertStandings(actor, parties, new Map()))).toBe(
      'TRADING_ORGANIZATION_NOT_VERIFIED',
    );
  });
});
