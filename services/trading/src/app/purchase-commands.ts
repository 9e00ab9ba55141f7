import { assertStandings, isBuyerSide } from '../domain/access.ts';
import { fold } from '../domain/state.ts';
import type { Caller } from './caller.ts';
import { actorOf } from './caller.ts';
import type { Clock, KeptResponse, PurchaseFactsReader, TransactionRepository } from './ports.ts';
import { availabilityOf, standingIdsOf } from './quote-purchase.ts';
import { type CommandOutcome, runCommand } from './run-command.ts';
import { type EventContext, streamOf, toDomain } from './stream-events.ts';

export interface PurchaseDeps {
  repo: TransactionRepository;
  facts: PurchaseFactsReader;
  clock: Clock;
}

interface Common {
  caller: Caller;
  transactionId: string;
  commandId: string;
  context: EventContext;
  expectedVersion?: number;
  keep?: (outcome: CommandOutcome) => KeptResponse;
}

/**
 * Initiate: the replicas say, now, whether every quoted service can still be bought and
 * whether the buying organizations are still verified (one may be suspended since the quote).
 * The command decides on the stream read for these checks.
 */
export async function initiatePurchase(deps: PurchaseDeps, input: Common): Promise<CommandOutcome> {
  const loaded = await deps.repo.events.readStream(streamOf(input.transactionId));
  const state = fold(loaded.map(toDomain));
  const actor = actorOf(input.caller);
  const buyerSide = state.status !== 'none' && isBuyerSide(actor, state);
  const facts = await deps.facts.read({
    serviceIds: state.status === 'none' ? [] : state.quote.lines.map((l) => l.serviceId),
    organizationIds: buyerSide ? standingIdsOf(actor, state) : [],
    withPriceLists: false,
  });
  if (buyerSide) assertStandings(actor, state, facts.standings);

  return runCommand(deps.repo, {
    ...pick(input),
    loaded,
    command: {
      type: 'InitiatePurchase',
      ...base(deps, input),
      actor,
      services: availabilityOf(facts.services),
    },
  });
}

export function completePurchase(deps: PurchaseDeps, input: Common): Promise<CommandOutcome> {
  return runCommand(deps.repo, {
    ...pick(input),
    command: { type: 'CompletePurchase', ...base(deps, input), actor: actorOf(input.caller) },
  });
}

export function cancelPurchase(
  deps: PurchaseDeps,
  input: Common & { reason: string },
): Promise<CommandOutcome> {
  return runCommand(deps.repo, {
    ...pick(input),
    command: {
      type: 'CancelPurchase',
      ...base(deps, input),
      actor: actorOf(input.caller),
      reason: input.reason,
    },
  });
}

export function refundPurchase(
  deps: PurchaseDeps,
  input: Common & { refundId: string; amountMinor: number; reason: string },
): Promise<CommandOutcome> {
  return runCommand(deps.repo, {
    ...pick(input),
    command: {
      type: 'RefundPurchase',
      ...base(deps, input),
      actor: actorOf(input.caller),
      refundId: input.refundId,
      amountMinor: input.amountMinor,
      reason: input.reason,
    },
  });
}

function base(deps: PurchaseDeps, input: Common) {
  return {
    commandId: input.commandId,
    transactionId: input.transactionId,
    now: deps.clock.now().toISOString(),
  };
}

function pick(input: Common) {
  return {
    transactionId: input.transactionId,
    context: input.context,
    expectedVersion: input.expectedVersion,
    keep: input.keep,
  };
}
