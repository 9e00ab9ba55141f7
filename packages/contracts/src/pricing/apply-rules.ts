import type { PriceRule } from '../events/catalog.ts';
import { scaleByBps } from './arithmetic.ts';

export interface AppliedRule {
  ruleId: string;
  version: number;
}

export interface RuleOutcome {
  unitPriceMinor: number;
  appliedRules: AppliedRule[];
}

/**
 * Rules apply in a fixed order of kinds, whatever order the list stores them in: volume tiers,
 * then percentages, then fixed amounts; within a kind, in list order. A percentage therefore
 * never scales a fixed amount, which is how negotiated contracts usually read.
 */
const kindOrder: Readonly<Record<PriceRule['kind'], number>> = Object.freeze({
  'volume-tier': 0,
  percentage: 1,
  fixed: 2,
});

function applyOne(unitPriceMinor: number, rule: PriceRule, quantity: number): number | undefined {
  if (rule.kind === 'volume-tier') {
    const reached = rule.tiers.filter((tier) => tier.minQuantity <= quantity);
    const best = reached.reduce<(typeof reached)[number] | undefined>(
      (top, tier) => (top === undefined || tier.minQuantity > top.minQuantity ? tier : top),
      undefined,
    );
    return best === undefined ? undefined : scaleByBps(unitPriceMinor, 10_000 - best.discountBps);
  }

  if (rule.kind === 'percentage') return scaleByBps(unitPriceMinor, 10_000 + rule.adjustmentBps);

  // A fixed discount larger than the price gives the service away; it never pays the buyer.
  return Math.max(0, unitPriceMinor + rule.adjustmentMinor);
}

/** Applies the rules of one list that concern `serviceId` (or every service) to a unit price. */
export function applyRules(
  startMinor: number,
  rules: readonly PriceRule[],
  serviceId: string,
  quantity: number,
): RuleOutcome {
  const relevant = rules
    .map((rule, index) => ({ rule, index }))
    .filter(({ rule }) => rule.serviceId === null || rule.serviceId === serviceId)
    .sort((a, b) => kindOrder[a.rule.kind] - kindOrder[b.rule.kind] || a.index - b.index);

  let unitPriceMinor = startMinor;
  const appliedRules: AppliedRule[] = [];

  for (const { rule } of relevant) {
    const next = applyOne(unitPriceMinor, rule, quantity);
    if (next === undefined) continue;
    unitPriceMinor = next;
    appliedRules.push({ ruleId: rule.ruleId, version: rule.version });
  }

  return { unitPriceMinor, appliedRules };
}
