import { TradingError } from './errors.ts';
import type { KnownTransaction } from './state.ts';
import type { Actor, OrganizationStanding, Parties } from './types.ts';

/**
 * Only an insurer buying for itself, or an intermediary buying for a named insurer, buys.
 * Whether the named organization is an insurer is `assertStandings`' part.
 */
export function assertMayBuy(actor: Actor, parties: Parties): void {
  if (actor.role === 'intermediary' && !parties.buyerOrganizationId) {
    throw new TradingError('buyerMissing');
  }
  const org = actor.organizationId;
  const asInsurer =
    actor.role === 'insurer' &&
    org !== null &&
    org === parties.buyerOrganizationId &&
    parties.intermediaryOrganizationId === null;
  const asIntermediary =
    actor.role === 'intermediary' &&
    org !== null &&
    org === parties.intermediaryOrganizationId &&
    parties.buyerOrganizationId !== org;
  if (!asInsurer && !asIntermediary) throw new TradingError('notABuyer');
}

/** The buying side of a transaction: its insurer, or the intermediary that brokered it. */
export function isBuyerSide(actor: Actor, tx: KnownTransaction): boolean {
  const org = actor.organizationId;
  if (org === null) return false;
  if (actor.role === 'insurer') return org === tx.buyerOrganizationId;
  if (actor.role === 'intermediary') return org === tx.intermediaryOrganizationId;
  return false;
}

/** Who may read a transaction: its parties, each in its role, and admins. */
export function mayRead(actor: Actor, tx: KnownTransaction): boolean {
  if (actor.role === 'admin') return true;
  if (actor.role === 'provider') return actor.organizationId === tx.providerOrganizationId;
  return isBuyerSide(actor, tx);
}

export function assertBuyerSide(actor: Actor, tx: KnownTransaction, allowAdmin = false): void {
  if (allowAdmin && actor.role === 'admin') return;
  if (!isBuyerSide(actor, tx)) {
    throw new TradingError('notAParty', { transactionId: tx.transactionId });
  }
}

/**
 * Organizations trade only once verified: the caller's own (the gateway refuses a pending
 * caller already; this checks again) and the buyer, which must be an insurer trading knows,
 * never the provider. An unknown organization counts as not verified. `standings` holds
 * what the replica knows of the parties and the caller, by organization id.
 */
export function assertStandings(
  actor: Actor,
  parties: Parties,
  standings: ReadonlyMap<string, OrganizationStanding>,
): void {
  const own = actor.organizationId;
  if (own !== null && actor.role !== 'admin' && standings.get(own)?.status !== 'verified') {
    throw new TradingError('organizationNotVerified', { organizationId: own });
  }

  const buyer = standings.get(parties.buyerOrganizationId);
  const insurer = buyer?.kind === 'insurer' && buyer.status === 'verified';
  if (!insurer || parties.buyerOrganizationId === parties.providerOrganizationId) {
    throw new TradingError('buyerNotAnInsurer', { organizationId: parties.buyerOrganizationId });
  }

  const broker = parties.intermediaryOrganizationId;
  if (broker !== null && standings.get(broker)?.status !== 'verified') {
    throw new TradingError('organizationNotVerified', { organizationId: broker });
  }
}
