import { describe, expect, it } from 'vitest';
import { PriceList as PriceListSchema, ServiceSnapshot } from '../events/catalog.ts';
import { priceQuote } from './price-quote.ts';
import { PricingError } from './pricing-error.ts';
import { aList, aService, fixed, percentage, testId, tiers } from './pricing-fixtures.ts';

const at = '2026-06-01T12:00:00.000Z';
const insurer = { organizationId: 'insurer-x' };

function priceOne(
  service: ReturnType<typeof aService>,
  lists: ReturnType<typeof aList>[],
  quantity = 1,
  when = at,
) {
  const quote = priceQuote({
    services: [service],
    priceLists: lists,
    buyer: insurer,
    quantities: [{ serviceId: service.serviceId, quantity }],
    at: when,
  });
  const line = quote.lines[0];
  if (line === undefined) throw new Error('no line');
  return line;
}

function failure(run: () => unknown): PricingError {
  try {
    run();
  } catch (error) {
    if (error instanceof PricingError) return error;
    throw error;
  }
  throw new Error('expected a PricingError');
}

describe('fixtures', () => {
  it('match the contract schemas, so the tests price what trading would receive', () => {
    const service = aService();
    expect(ServiceSnapshot.parse(service)).toEqual(service);
    const list = aList({
      rules: [percentage(-500), fixed(-100), tiers([{ minQuantity: 5, discountBps: 100 }])],
    });
    expect(PriceListSchema.parse(list)).toEqual(list);
  });
});

describe('price-list precedence', () => {
  it('uses the base price when the provider has no list', () => {
    const line = priceOne(aService(), []);
    expect(line).toMatchObject({
      unitPriceMinor: 100_000,
      priceSource: 'base-price',
      priceListId: null,
    });
    expect(line.appliedRules).toEqual([]);
  });

  it('prefers the default list entry to the base price', () => {
    const service = aService();
    const list = aList({ entries: [{ serviceId: service.serviceId, unitPriceMinor: 90_000 }] });
    const line = priceOne(service, [list]);
    expect(line).toMatchObject({
      unitPriceMinor: 90_000,
      priceSource: 'default-list',
      priceListId: list.priceListId,
    });
  });

  it("prefers the buyer's negotiated list to the default list", () => {
    const service = aService();
    const entry = (unitPriceMinor: number) => [{ serviceId: service.serviceId, unitPriceMinor }];
    const general = aList({ entries: entry(90_000), rules: [percentage(-1_000)] });
    const negotiated = aList({ buyerOrganizationId: 'insurer-x', entries: entry(80_000) });
    const line = priceOne(service, [general, negotiated]);
    expect(line).toMatchObject({
      unitPriceMinor: 80_000,
      priceSource: 'buyer-list',
      priceListId: negotiated.priceListId,
    });
    expect(line.appliedRules).toEqual([]);
  });

  it("ignores another buyer's list and another provider's lists", () => {
    const service = aService();
    const entry = [{ serviceId: service.serviceId, unitPriceMinor: 1 }];
    const otherBuyer = aList({ buyerOrganizationId: 'insurer-y', entries: entry });
    const otherProvider = aList({ providerOrganizationId: 'provider-b', entries: entry });
    const line = priceOne(service, [otherBuyer, otherProvider]);
    expect(line).toMatchObject({ unitPriceMinor: 100_000, priceSource: 'base-price' });
  });

  it('applies only the governing list rules when a negotiated list has rules but no entry', () => {
    const service = aService();
    const general = aList({
      entries: [{ serviceId: service.serviceId, unitPriceMinor: 90_000 }],
      rules: [fixed(-5_000)],
    });
    const discount = percentage(-1_000);
    const negotiated = aList({ buyerOrganizationId: 'insurer-x', rules: [discount] });
    const line = priceOne(service, [general, negotiated]);
    expect(line).toMatchObject({
      unitPriceMinor: 81_000,
      priceSource: 'default-list',
      priceListId: negotiated.priceListId,
    });
    expect(line.appliedRules).toEqual([{ ruleId: discount.ruleId, version: 1 }]);
  });

  it('prices an anonymous buyer from the default list', () => {
    const service = aService();
    const general = aList({ entries: [{ serviceId: service.serviceId, unitPriceMinor: 70_000 }] });
    const negotiated = aList({ buyerOrganizationId: 'insurer-x', rules: [percentage(-9_000)] });
    const quote = priceQuote({
      services: [service],
      priceLists: [general, negotiated],
      buyer: null,
      quantities: [{ serviceId: service.serviceId, quantity: 1 }],
      at,
    });
    expect(quote.lines[0]?.unitPriceMinor).toBe(70_000);
  });
});

describe('validity windows', () => {
  const service = aService();
  const negotiated = aList({
    buyerOrganizationId: 'insurer-x',
    validFrom: '2026-03-01T00:00:00.000Z',
    validTo: '2026-07-01T00:00:00.000Z',
    entries: [{ serviceId: service.serviceId, unitPriceMinor: 50_000 }],
  });

  it('uses a list from its start, inclusive', () => {
    expect(priceOne(service, [negotiated], 1, '2026-03-01T00:00:00.000Z').unitPriceMinor).toBe(
      50_000,
    );
  });

  it('does not use a list before it starts', () => {
    expect(priceOne(service, [negotiated], 1, '2026-02-28T23:59:59.999Z').unitPriceMinor).toBe(
      100_000,
    );
  });

  it('does not use a list from its end on, exclusive', () => {
    expect(priceOne(service, [negotiated], 1, '2026-07-01T00:00:00.000Z').unitPriceMinor).toBe(
      100_000,
    );
    expect(priceOne(service, [negotiated], 1, '2026-06-30T23:59:59.999Z').unitPriceMinor).toBe(
      50_000,
    );
  });

  it('takes the most recently started of overlapping lists, whatever the input order', () => {
    const entry = (unitPriceMinor: number) => [{ serviceId: service.serviceId, unitPriceMinor }];
    const older = aList({ validFrom: '2026-01-01T00:00:00.000Z', entries: entry(95_000) });
    const newer = aList({ validFrom: '2026-05-01T00:00:00.000Z', entries: entry(85_000) });
    expect(priceOne(service, [older, newer]).unitPriceMinor).toBe(85_000);
    expect(priceOne(service, [newer, older]).unitPriceMinor).toBe(85_000);
  });

  it('takes the higher version of two lists that start together', () => {
    const entry = (unitPriceMinor: number) => [{ serviceId: service.serviceId, unitPriceMinor }];
    const v1 = aList({ version: 1, entries: entry(95_000) });
    const v2 = aList({ version: 2, entries: entry(85_000) });
    expect(priceOne(service, [v2, v1]).unitPriceMinor).toBe(85_000);
  });
});

describe('rule kinds', () => {
  it('volume tiers: none reached applies nothing, the highest reached tier applies', () => {
    const service = aService();
    const rule = tiers([
      { minQuantity: 10, discountBps: 500 },
      { minQuantity: 50, discountBps: 1_500 },
    ]);
    const lists = [aList({ rules: [rule] })];
    expect(priceOne(service, lists, 9)).toMatchObject({
      unitPriceMinor: 100_000,
      appliedRules: [],
    });
    expect(priceOne(service, lists, 10)).toMatchObject({
      unitPriceMinor: 95_000,
      lineTotalMinor: 950_000,
      appliedRules: [{ ruleId: rule.ruleId, version: 2 }],
    });
    expect(priceOne(service, lists, 50).unitPriceMinor).toBe(85_000);
    expect(priceOne(service, lists, 1_000).unitPriceMinor).toBe(85_000);
  });

  it('percentage: raises or lowers with half-up rounding', () => {
    const service = aService({ basePrice: { amountMinor: 1_001, currency: 'USD' } });
    expect(priceOne(service, [aList({ rules: [percentage(-5_000)] })]).unitPriceMinor).toBe(501);
    expect(priceOne(service, [aList({ rules: [percentage(250)] })]).unitPriceMinor).toBe(1_026);
    expect(priceOne(service, [aList({ rules: [percentage(-10_000)] })]).unitPriceMinor).toBe(0);
  });

  it('fixed: adds or subtracts and never goes below zero', () => {
    const service = aService({ basePrice: { amountMinor: 2_000, currency: 'USD' } });
    expect(priceOne(service, [aList({ rules: [fixed(-500)] })]).unitPriceMinor).toBe(1_500);
    expect(priceOne(service, [aList({ rules: [fixed(300)] })]).unitPriceMinor).toBe(2_300);
    expect(priceOne(service, [aList({ rules: [fixed(-5_000)] })]).unitPriceMinor).toBe(0);
  });

  it('applies tiers, then percentages, then fixed amounts, whatever the stored order', () => {
    const service = aService({ basePrice: { amountMinor: 10_000, currency: 'USD' } });
    const tier = tiers([{ minQuantity: 2, discountBps: 1_000 }]);
    const pct = percentage(-5_000);
    const amount = fixed(-1_000);
    const line = priceOne(service, [aList({ rules: [amount, pct, tier] })], 2);
    expect(line.unitPriceMinor).toBe(3_500);
    expect(line.lineTotalMinor).toBe(7_000);
    expect(line.appliedRules.map((rule) => rule.ruleId)).toEqual([
      tier.ruleId,
      pct.ruleId,
      amount.ruleId,
    ]);
  });

  it('applies a rule scoped to one service only to that service', () => {
    const mri = aService();
    const xray = aService({ name: 'Chest x-ray' });
    const list = aList({ rules: [percentage(-2_000, mri.serviceId)] });
    const quote = priceQuote({
      services: [mri, xray],
      priceLists: [list],
      buyer: insurer,
      quantities: [
        { serviceId: mri.serviceId, quantity: 1 },
        { serviceId: xray.serviceId, quantity: 3 },
      ],
      at,
    });
    expect(quote.lines.map((line) => line.unitPriceMinor)).toEqual([80_000, 100_000]);
    expect(quote.subtotalMinor).toBe(380_000);
    expect(quote.currency).toBe('USD');
  });
});

describe('composite bundles', () => {
  it('splits the line total over the components exactly', () => {
    const parts = [testId(), testId(), testId()];
    const bundle = aService({
      basePrice: { amountMinor: 10_001, currency: 'USD' },
      components: [
        { serviceId: parts[0] ?? '', quantity: 1, shareBps: 3_333 },
        { serviceId: parts[1] ?? '', quantity: 2, shareBps: 3_333 },
        { serviceId: parts[2] ?? '', quantity: 1, shareBps: 3_334 },
      ],
    });
    const line = priceOne(bundle, [aList({ rules: [percentage(-1_000)] })], 3);
    expect(line.unitPriceMinor).toBe(9_001);
    expect(line.lineTotalMinor).toBe(27_003);
    expect(line.components.map((c) => c.amountMinor)).toEqual([9_000, 9_000, 9_003]);
    expect(line.components.reduce((sum, c) => sum + c.amountMinor, 0)).toBe(27_003);
  });

  it('refuses a bundle whose shares do not sum to 10,000 bp', () => {
    const bundle = aService({
      components: [
        { serviceId: testId(), quantity: 1, shareBps: 5_000 },
        { serviceId: testId(), quantity: 1, shareBps: 4_000 },
      ],
    });
    const error = failure(() => priceOne(bundle, []));
    expect(error.code).toBe('PRICING_SHARES_DO_NOT_SUM');
    expect(error.params.sum).toBe(9_000);
  });
});

describe('bad input', () => {
  const service = aService();
  const quote = (overrides: Partial<Parameters<typeof priceQuote>[0]>) => () =>
    priceQuote({
      services: [service],
      priceLists: [],
      buyer: insurer,
      quantities: [{ serviceId: service.serviceId, quantity: 1 }],
      at,
      ...overrides,
    });

  it('names the failing field', () => {
    const cases: [Partial<Parameters<typeof priceQuote>[0]>, string, string][] = [
      [{ at: 'yesterday' }, 'PRICING_BAD_INSTANT', 'at'],
      [{ quantities: [] }, 'PRICING_NO_LINES', 'quantities'],
      [
        { quantities: [{ serviceId: testId(), quantity: 1 }] },
        'PRICING_UNKNOWN_SERVICE',
        'quantities.0.serviceId',
      ],
      [
        { quantities: [{ serviceId: service.serviceId, quantity: 0 }] },
        'PRICING_BAD_QUANTITY',
        'quantities.0.quantity',
      ],
      [
        { quantities: [{ serviceId: service.serviceId, quantity: 1.5 }] },
        'PRICING_BAD_QUANTITY',
        'quantities.0.quantity',
      ],
      [
        {
          quantities: [
            { serviceId: service.serviceId, quantity: 1 },
            { serviceId: service.serviceId, quantity: 2 },
          ],
        },
        'PRICING_DUPLICATE_LINE',
        'quantities.1',
      ],
      [{ priceLists: [aList({ currency: 'EUR' })] }, 'PRICING_CURRENCY_MISMATCH', 'priceLists'],
    ];
    for (const [overrides, code, field] of cases) {
      const error = failure(quote(overrides));
      expect({ code: error.code, field: error.field }).toEqual({ code, field });
    }
  });

  it('refuses a quote that mixes currencies', () => {
    const euro = aService({ basePrice: { amountMinor: 100, currency: 'EUR' } });
    const error = failure(
      quote({
        services: [service, euro],
        quantities: [
          { serviceId: service.serviceId, quantity: 1 },
          { serviceId: euro.serviceId, quantity: 1 },
        ],
      }),
    );
    expect(error.code).toBe('PRICING_CURRENCY_MISMATCH');
    expect(error.message).toContain('EUR');
  });

  it('quotes drafts only when asked and retired services never', () => {
    const draft = aService({ status: 'draft' });
    const retired = aService({ status: 'retired' });
    const one = (s: typeof draft, allowDrafts: boolean) =>
      quote({ services: [s], quantities: [{ serviceId: s.serviceId, quantity: 1 }], allowDrafts });
    expect(failure(one(draft, false)).code).toBe('PRICING_SERVICE_NOT_AVAILABLE');
    expect(one(draft, true)().lines[0]?.unitPriceMinor).toBe(100_000);
    expect(failure(one(retired, true)).code).toBe('PRICING_SERVICE_NOT_AVAILABLE');
  });

  it('refuses amounts beyond the safe integer range', () => {
    const dear = aService({ basePrice: { amountMinor: Number.MAX_SAFE_INTEGER, currency: 'USD' } });
    const error = failure(
      quote({ services: [dear], quantities: [{ serviceId: dear.serviceId, quantity: 2 }] }),
    );
    expect(error.code).toBe('PRICING_AMOUNT_OVERFLOW');
  });
});
