import { type PricedLine, priceQuote, type ServiceSnapshot } from '@hcts/contracts';
import { uuidv7 } from 'uuidv7';
import { assertMayBuy, assertStandings } from '../domain/access.ts';
import { TradingError } from '../domain/errors.ts';
import { freezeQuote } from '../domain/quote.ts';
import type {
  Actor,
  FrozenQuote,
  Parties,
  QuoteLine,
  ServiceAvailability,
} from '../domain/types.ts';
import { actorOf, type Caller } from './caller.ts';
import type {
  Clock,
  KeptResponse,
  PurchaseFacts,
  PurchaseFactsReader,
  TransactionRepository,
} from './ports.ts';
import { type CommandOutcome, runCommand } from './run-command.ts';
import type { EventContext } from './stream-events.ts';

export interface QuoteRates {
  platformFeeBps: number;
  intermediaryCommissionBps: number;
  quoteTtlSeconds: number;
}

export interface QuotePurchaseInput {
  caller: Caller;
  items: readonly { serviceId: string; quantity: number }[];
  /** The insurer an intermediary buys for; an insurer buys for itself. */
  buyerOrganizationId?: string;
  commandId: string;
  context: EventContext;
  keep?: (outcome: CommandOutcome) => KeptResponse;
}

export interface QuoteDeps {
  repo: TransactionRepository;
  facts: PurchaseFactsReader;
  clock: Clock;
  rates: QuoteRates;
}

/**
 * Prices the items from the local catalog replica with the pricing function catalog uses,
 * freezes the quote and opens a transaction in the `quoted` status.
 */
export async function quotePurchase(
  deps: QuoteDeps,
  input: QuotePurchaseInput,
): Promise<CommandOutcome & { transactionId: string }> {
  const now = deps.clock.now();
  const actor = actorOf(input.caller);
  const buying = buyingSideOf(input);
  const facts = await deps.facts.read({
    serviceIds: input.items.map((i) => i.serviceId),
    organizationIds: standingIdsOf(actor, buying),
    withPriceLists: true,
  });
  const parties = { ...buying, providerOrganizationId: providerOf(input, facts.services) };
  assertMayBuy(actor, parties);
  assertStandings(actor, parties, facts.standings);

  const quote = quoteOf(deps, input, facts, parties, now);

  // A new id: no stream to read, and an append at no-stream fails should one exist after all.
  const transactionId = uuidv7();
  const outcome = await runCommand(deps.repo, {
    transactionId,
    context: input.context,
    loaded: [],
    keep: input.keep,
    command: {
      type: 'QuotePurchase',
      commandId: input.commandId,
      transactionId,
      now: now.toISOString(),
      actor: actorOf(input.caller),
      parties,
      quote,
      services: availabilityOf(facts.services),
    },
  });
  return { ...outcome, transactionId };
}

/** Prices the items with the provider's lists and freezes the quote with its rates. */
function quoteOf(
  deps: QuoteDeps,
  input: QuotePurchaseInput,
  facts: PurchaseFacts,
  parties: Parties,
  now: Date,
): FrozenQuote {
  const priced = priceQuote({
    services: facts.services,
    priceLists: facts.priceLists.filter(
      (p) => p.providerOrganizationId === parties.providerOrganizationId,
    ),
    buyer: { organizationId: parties.buyerOrganizationId },
    quantities: input.items,
    at: now.toISOString(),
  });
  const byId = new Map(facts.services.map((s) => [s.serviceId, s]));
  return freezeQuote({
    quoteId: uuidv7(),
    currency: priced.currency,
    lines: priced.lines.map((line) => toQuoteLine(line, byId.get(line.serviceId)!)),
    platformFeeBps: deps.rates.platformFeeBps,
    commissionBps: parties.intermediaryOrganizationId ? deps.rates.intermediaryCommissionBps : 0,
    expiresAt: new Date(now.getTime() + deps.rates.quoteTtlSeconds * 1_000).toISOString(),
  });
}

/** Who buys: the caller for itself, or the named insurer through the calling intermediary. */
function buyingSideOf(input: QuotePurchaseInput): Omit<Parties, 'providerOrganizationId'> {
  const brokered = input.caller.role === 'intermediary';
  return {
    buyerOrganizationId: brokered ? (input.buyerOrganizationId ?? '') : input.caller.organizationId,
    intermediaryOrganizationId: brokered ? input.caller.organizationId : null,
  };
}

/** The one provider of every item; each item must be a service the replica knows. */
function providerOf(input: QuotePurchaseInput, services: readonly ServiceSnapshot[]): string {
  const providers = new Set(services.map((s) => s.providerOrganizationId));
  if (providers.size > 1) throw new TradingError('mixedProviders');
  const known = new Set(services.map((s) => s.serviceId));
  const missing = input.items.find((i) => !known.has(i.serviceId));
  if (missing || providers.size === 0) {
    const serviceId = missing?.serviceId ?? 'none';
    throw new TradingError('serviceNotBuyable', { serviceId, status: 'unknown' });
  }
  return [...providers][0]!;
}

/** The organizations whose standing a purchase needs: the caller's and the buying side's. */
export function standingIdsOf(
  actor: Actor,
  buying: Omit<Parties, 'providerOrganizationId'>,
): string[] {
  const ids = [actor.organizationId, buying.buyerOrganizationId, buying.intermediaryOrganizationId];
  return [...new Set(ids.filter((id): id is string => id !== null && id !== ''))];
}

export function availabilityOf(services: readonly ServiceSnapshot[]): ServiceAvailability[] {
  return services.map((s) => ({
    serviceId: s.serviceId,
    providerOrganizationId: s.providerOrganizationId,
    status: s.status,
  }));
}

function toQuoteLine(line: PricedLine, service: ServiceSnapshot): QuoteLine {
  return {
    serviceId: line.serviceId,
    serviceVersion: line.serviceVersion,
    name: service.name,
    procedureCode: service.procedureCode,
    indications: service.indications,
    quantity: line.quantity,
    unitPriceMinor: line.unitPriceMinor,
    lineTotalMinor: line.lineTotalMinor,
    priceListId: line.priceListId,
    appliedRules: line.appliedRules.map((r) => ({ ruleId: r.ruleId, version: r.version })),
    components: line.components.map((c) => ({
      serviceId: c.serviceId,
      quantity: c.quantity,
      shareBps: c.shareBps,
    })),
  };
}
