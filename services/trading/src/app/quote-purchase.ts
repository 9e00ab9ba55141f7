import { type PricedLine, priceQuote, type ServiceSnapshot } from '@hcts/contracts';
import { uuidv7 } from 'uuidv7';
import { assertMayBuy, assertStandings } from '../domain/access.ts';
import { TradingError } from '../domain/errors.ts';
import { freezeQuote } from '../domain/quote.ts';
import type {
  Actor,
  OrganizationStanding,
  Parties,
  QuoteLine,
  ServiceAvailability,
} from '../domain/types.ts';
import { actorOf, type Caller } from './caller.ts';
import type {
  CatalogReplica,
  Clock,
  OrganizationDirectory,
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
}

export interface QuoteDeps {
  repo: TransactionRepository;
  replica: CatalogReplica;
  organizations: OrganizationDirectory;
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
  const services = await deps.replica.services(input.items.map((i) => i.serviceId));
  const parties = partiesOf(input, services);
  const actor = actorOf(input.caller);
  assertMayBuy(actor, parties);
  assertStandings(actor, parties, await standingsOf(deps.organizations, actor, parties));

  const priceLists = await deps.replica.priceListsOf(parties.providerOrganizationId);
  const priced = priceQuote({
    services,
    priceLists,
    buyer: { organizationId: parties.buyerOrganizationId },
    quantities: input.items,
    at: now.toISOString(),
  });
  const byId = new Map(services.map((s) => [s.serviceId, s]));
  const quote = freezeQuote({
    quoteId: uuidv7(),
    currency: priced.currency,
    lines: priced.lines.map((line) => toQuoteLine(line, byId.get(line.serviceId)!)),
    platformFeeBps: deps.rates.platformFeeBps,
    commissionBps: parties.intermediaryOrganizationId ? deps.rates.intermediaryCommissionBps : 0,
    expiresAt: new Date(now.getTime() + deps.rates.quoteTtlSeconds * 1_000).toISOString(),
  });

  const transactionId = uuidv7();
  const outcome = await runCommand(deps.repo, {
    transactionId,
    context: input.context,
    command: {
      type: 'QuotePurchase',
      commandId: input.commandId,
      transactionId,
      now: now.toISOString(),
      actor: actorOf(input.caller),
      parties,
      quote,
      services: availabilityOf(services),
    },
  });
  return { ...outcome, transactionId };
}

function partiesOf(input: QuotePurchaseInput, services: readonly ServiceSnapshot[]): Parties {
  const providers = new Set(services.map((s) => s.providerOrganizationId));
  if (providers.size > 1) throw new TradingError('mixedProviders');
  const known = new Set(services.map((s) => s.serviceId));
  const missing = input.items.find((i) => !known.has(i.serviceId));
  if (missing || providers.size === 0) {
    const serviceId = missing?.serviceId ?? 'none';
    throw new TradingError('serviceNotBuyable', { serviceId, status: 'unknown' });
  }
  const brokered = input.caller.role === 'intermediary';
  return {
    buyerOrganizationId: brokered ? (input.buyerOrganizationId ?? '') : input.caller.organizationId,
    providerOrganizationId: [...providers][0]!,
    intermediaryOrganizationId: brokered ? input.caller.organizationId : null,
  };
}

/** What the replica knows of the caller and the parties that buy. */
export function standingsOf(
  organizations: OrganizationDirectory,
  actor: Actor,
  parties: Parties,
): Promise<Map<string, OrganizationStanding>> {
  const ids = [
    actor.organizationId,
    parties.buyerOrganizationId,
    parties.intermediaryOrganizationId,
  ];
  return organizations.standings(ids.filter((id): id is string => id !== null && id !== ''));
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
