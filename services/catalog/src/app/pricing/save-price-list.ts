import { stage } from '@hcts/bus';
import { type PriceList, PriceListChanged, type PriceRule } from '@hcts/contracts';
import { type Caller, canManage } from '../../domain/caller.ts';
import { CatalogError, type Issue } from '../../domain/errors.ts';
import type { CatalogDeps, RequestMeta } from '../deps.ts';
import { actorOf } from '../services/save-service.ts';

type RuleInput = PriceRule extends infer R
  ? R extends PriceRule
    ? Omit<R, 'ruleId' | 'version'> & { ruleId?: string }
    : never
  : never;

export interface PriceListInput {
  name: string;
  buyerOrganizationId: string | null;
  currency: string;
  validFrom: string;
  validTo: string | null;
  entries: { serviceId: string; unitPriceMinor: number }[];
  rules: RuleInput[];
}

/**
 * Creates a list (no id) or replaces one. Rules are versioned one by one: a rule kept as it was
 * keeps its version, a changed rule gets the next version, a new rule starts at 1, so a frozen
 * quote's (ruleId, version) always names what was applied.
 */
export async function savePriceList(
  deps: CatalogDeps,
  caller: Caller,
  input: PriceListInput,
  meta: RequestMeta,
  priceListId?: string,
  providerOrganizationId = caller.organizationId,
): Promise<PriceList> {
  return deps.store.transaction(async (tx) => {
    const current =
      priceListId === undefined ? undefined : await tx.getPriceList(priceListId, true);
    if (priceListId !== undefined && current === undefined)
      throw new CatalogError('priceListNotFound', { priceListId });
    const owner = current?.providerOrganizationId ?? providerOrganizationId;
    if (!canManage(caller, owner)) throw new CatalogError('notOwner');
    if (input.validTo !== null && Date.parse(input.validTo) <= Date.parse(input.validFrom)) {
      throw new CatalogError('badInput', {}, [
        { field: 'validTo', code: 'BAD_WINDOW', message: 'must be after validFrom' },
      ]);
    }

    const candidates = await tx.componentCandidates(input.entries.map((entry) => entry.serviceId));
    const issues: Issue[] = input.entries.flatMap((entry, index) =>
      candidates.get(entry.serviceId)?.providerOrganizationId === owner
        ? []
        : [
            {
              field: `entries.${index}.serviceId`,
              code: 'UNKNOWN_SERVICE',
              message: 'not a service of this provider',
            },
          ],
    );
    if (issues.length > 0) throw new CatalogError('badInput', {}, issues);

    const list: PriceList = {
      priceListId: current?.priceListId ?? deps.newId(),
      version: (current?.version ?? 0) + 1,
      providerOrganizationId: owner,
      buyerOrganizationId: input.buyerOrganizationId,
      currency: input.currency,
      validFrom: new Date(input.validFrom).toISOString(),
      validTo: input.validTo === null ? null : new Date(input.validTo).toISOString(),
      entries: input.entries,
      rules: versionRules(input.rules, current?.rules ?? [], deps.newId),
    };
    await tx.savePriceList(list, input.name);
    await tx.stage([
      stage(PriceListChanged, list, { correlationId: meta.correlationId, actor: actorOf(caller) }),
    ]);
    return list;
  });
}

function versionRules(
  inputs: readonly RuleInput[],
  previous: readonly PriceRule[],
  newId: () => string,
): PriceRule[] {
  return inputs.map((input) => {
    const old = previous.find((rule) => rule.ruleId === input.ruleId);
    if (old === undefined) return { ...input, ruleId: newId(), version: 1 } as PriceRule;
    const next = { ...input, ruleId: old.ruleId, version: old.version } as PriceRule;
    return JSON.stringify(next) === JSON.stringify(old)
      ? old
      : ({ ...next, version: old.version + 1 } as PriceRule);
  });
}
