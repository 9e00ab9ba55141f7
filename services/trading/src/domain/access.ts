import { TradingError } from './errors.ts';
import type { KnownTransaction } from './state.ts';
import type { Actor, Parties } from './types.ts';

/**
 * Only an insurer buying for itself, or an intermediary buying for a named insurer, buys.
 * Known limit: trading does not know organization kinds, so "named insurer" means a buyer
 * organization other than the intermediary's own; checking its kind needs a replica of the
 * gateway's organization events.
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
