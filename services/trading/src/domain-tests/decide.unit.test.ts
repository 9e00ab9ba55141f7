import { describe, expect, it } from 'vitest';
import type { TradingCommand } from '../domain/commands.ts';
import { decide } from '../domain/decide.ts';
import type { TradingEvent } from '../domain/events.ts';
import { fold } from '../domain/state.ts';
import { at, nextId, scenario } from './transaction-fixtures.ts';

type S = ReturnType<typeof scenario>;

/** given events, when command, then events (or an error code). */
function given(events: TradingEvent[]) {
  return {
    when: (command: TradingCommand) => {
      try {
        return { events: decide(fold(events), command), error: undefined };
      } catch (error) {
        return { events: undefined, error: (error as { code?: string }).code };
      }
    },
  };
}

const quoteCmd = (s: S, extra: Partial<TradingCommand> = {}): TradingCommand =>
  ({
    type: 'QuotePurchase',
    commandId: nextId('c'),
    transactionId: s.transactionId,
    now: at(0),
    actor: s.buyer,
    parties: s.parties,
    quote: s.quote,
    services: s.services,
    ...extra,
  }) as TradingCommand;

const cmd = (s: S, c: Record<string, unknown>): TradingCommand =>
  ({ commandId: nextId('c'), transactionId: s.transactionId, now: at(5), ...c }) as TradingCommand;

/** Applies commands in turn and returns every event, for building a "given". */
function history(...commands: TradingCommand[]): TradingEvent[] {
  const events: TradingEvent[] = [];
  for (const c of commands) events.push(...decide(fold(events), c));
  return events;
}

const initiate = (s: S) =>
  cmd(s, { type: 'InitiatePurchase', actor: s.buyer, services: s.services });
const authorize = (s: S, amountMinor = s.quote.totalMinor) =>
  cmd(s, {
    type: 'RecordPaymentAuthorized',
    paymentIntentId: nextId('pi'),
    amountMinor,
    currency: 'EUR',
  });
const complete = (s: S) => cmd(s, { type: 'CompletePurchase', actor: s.buyer });
const refund = (s: S, amountMinor: number) =>
  cmd(s, {
    type: 'RefundPurchase',
    actor: s.buyer,
    refundId: nextId('r'),
    amountMinor,
    reason: 'r',
  });

describe('quote', () => {
  it('freezes the quote for an insurer buying for itself', () => {
    const s = scenario();
    const { events } = given([]).when(quoteCmd(s));
    expect(events).toMatchObject([
      { type: 'TransactionQuoted', data: { quote: s.quote, quotedAt: at(0) } },
    ]);
  });

  it('accepts an intermediary buying for a named insurer', () => {
    const s = scenario({ intermediary: true });
    expect(given([]).when(quoteCmd(s)).events?.[0]?.type).toBe('TransactionQuoted');
  });

  it('refuses a provider, an admin, and an insurer buying for another organization', () => {
    const s = scenario();
    const provider = {
      userId: 'u',
      organizationId: s.parties.providerOrganizationId,
      role: 'provider',
    };
    const admin = { userId: 'u', organizationId: 'op', role: 'admin' };
    const other = { userId: 'u', organizationId: nextId('insurer'), role: 'insurer' };
    for (const actor of [provider, admin, other]) {
      expect(given([]).when(quoteCmd(s, { actor } as never)).error).toBe('TRADING_NOT_A_BUYER');
    }
  });

  it('refuses an intermediary buying for itself', () => {
    const s = scenario({ intermediary: true });
    const parties = { ...s.parties, buyerOrganizationId: s.parties.intermediaryOrganizationId! };
    expect(given([]).when(quoteCmd(s, { parties } as never)).error).toBe('TRADING_NOT_A_BUYER');
  });

  it('asks an intermediary to name the insurer it buys for', () => {
    const s = scenario({ intermediary: true });
    const parties = { ...s.parties, buyerOrganizationId: '' };
    expect(given([]).when(quoteCmd(s, { parties } as never)).error).toBe('TRADING_BUYER_MISSING');
  });

  it('refuses a retired, draft or unknown service', () => {
    for (const status of ['retired', 'draft', 'unknown'] as const) {
      const s = scenario();
      const services = s.services.map((x) => ({ ...x, status }));
      expect(given([]).when(quoteCmd(s, { services } as never)).error).toBe(
        'TRADING_SERVICE_NOT_BUYABLE',
      );
    }
  });

  it('refuses a quote whose amounts do not add up', () => {
    const s = scenario();
    const quote = { ...s.quote, platformFeeMinor: s.quote.platformFeeMinor + 1 };
    expect(given([]).when(quoteCmd(s, { quote } as never)).error).toBe('TRADING_BAD_QUOTE');
  });

  it('refuses a second quote on the same transaction but repeats nothing for the same command', () => {
    const s = scenario();
    const first = quoteCmd(s);
    const events = history(first);
    expect(given(events).when(first).events).toEqual([]);
    expect(given(events).when(quoteCmd(s)).error).toBe('TRADING_TRANSACTION_ALREADY_EXISTS');
  });
});

describe('initiate', () => {
  it('initiates a quoted transaction before expiry', () => {
    const s = scenario();
    const { events } = given(history(quoteCmd(s))).when(initiate(s));
    expect(events).toMatchObject([
      { type: 'TransactionInitiated', data: { ...s.parties, quote: s.quote } },
    ]);
  });

  it('refuses an expired quote', () => {
    const s = scenario();
    const late = { ...initiate(s), now: s.quote.expiresAt };
    expect(given(history(quoteCmd(s))).when(late).error).toBe('TRADING_QUOTE_EXPIRED');
  });

  it('refuses a service retired since the quote', () => {
    const s = scenario();
    const services = s.services.map((x) => ({ ...x, status: 'retired' as const }));
    const c = { ...initiate(s), services } as TradingCommand;
    expect(given(history(quoteCmd(s))).when(c).error).toBe('TRADING_SERVICE_NOT_BUYABLE');
  });

  it('refuses a caller who is not the buyer', () => {
    const s = scenario();
    const stranger = { userId: 'u', organizationId: nextId('insurer'), role: 'insurer' };
    const c = { ...initiate(s), actor: stranger } as TradingCommand;
    expect(given(history(quoteCmd(s))).when(c).error).toBe('TRADING_NOT_A_PARTY');
  });
});

describe('payment and completion', () => {
  it('does not complete before the payment is authorized', () => {
    const s = scenario();
    expect(given(history(quoteCmd(s), initiate(s))).when(complete(s)).error).toBe(
      'TRADING_PAYMENT_NOT_AUTHORIZED',
    );
  });

  it('authorizes, then completes', () => {
    const s = scenario();
    const events = history(quoteCmd(s), initiate(s), authorize(s));
    expect(events.at(-1)?.type).toBe('TransactionAuthorized');
    expect(given(events).when(complete(s)).events).toMatchObject([
      { type: 'TransactionCompleted', data: { quote: s.quote } },
    ]);
  });

  it('fails the transaction when the authorized amount differs from the total', () => {
    const s = scenario();
    const { events } = given(history(quoteCmd(s), initiate(s))).when(authorize(s, 1));
    expect(events).toMatchObject([
      { type: 'TransactionFailed', data: { code: 'amount-mismatch' } },
    ]);
  });

  it('fails on a declined payment and ignores it once authorized', () => {
    const s = scenario();
    const failed = (x: S) =>
      cmd(x, { type: 'RecordPaymentFailed', code: 'declined', reason: 'no' });
    expect(given(history(quoteCmd(s), initiate(s))).when(failed(s)).events?.[0]?.type).toBe(
      'TransactionFailed',
    );
    expect(given(history(quoteCmd(s), initiate(s), authorize(s))).when(failed(s)).events).toEqual(
      [],
    );
  });

  it('asks to retry payment news that is ahead of the transaction', () => {
    const s = scenario();
    expect(given([]).when(authorize(s)).error).toBe('TRADING_EVENT_AHEAD_OF_STATE');
    expect(given(history(quoteCmd(s))).when(authorize(s)).error).toBe(
      'TRADING_EVENT_AHEAD_OF_STATE',
    );
  });

  it('ignores a repeated authorization and an authorization after cancellation', () => {
    const s = scenario();
    const events = history(quoteCmd(s), initiate(s), authorize(s));
    expect(given(events).when(authorize(s)).events).toEqual([]);
    const cancelled = history(
      quoteCmd(s),
      initiate(s),
      cmd(s, { type: 'CancelPurchase', actor: s.buyer, reason: 'x' }),
    );
    expect(given(cancelled).when(authorize(s)).events).toEqual([]);
  });

  it('repeats nothing when the same completion command comes twice', () => {
    const s = scenario();
    const c = complete(s);
    const events = history(quoteCmd(s), initiate(s), authorize(s), c);
    expect(given(events).when(c).events).toEqual([]);
    expect(given(events).when(complete(s)).error).toBe('TRADING_WRONG_STATUS');
  });
});

describe('cancel and refund', () => {
  it('cancels before completion, not after', () => {
    const s = scenario();
    const cancel = () => cmd(s, { type: 'CancelPurchase', actor: s.buyer, reason: 'changed mind' });
    expect(given(history(quoteCmd(s), initiate(s))).when(cancel()).events?.[0]?.type).toBe(
      'TransactionCancelled',
    );
    const done = history(quoteCmd(s), initiate(s), authorize(s), complete(s));
    expect(given(done).when(cancel()).error).toBe('TRADING_WRONG_STATUS');
  });

  it('refunds partially, then fully, never beyond the capture', () => {
    const s = scenario();
    const total = s.quote.totalMinor;
    const done = history(quoteCmd(s), initiate(s), authorize(s), complete(s));
    const part = given(done).when(refund(s, 100)).events!;
    expect(part).toMatchObject([{ data: { refundedTotalMinor: 100, fullyRefunded: false } }]);
    const after = [...done, ...part];
    expect(given(after).when(refund(s, total)).error).toBe('TRADING_REFUND_EXCEEDS_CAPTURE');
    expect(given(after).when(refund(s, total - 100)).events).toMatchObject([
      { data: { refundedTotalMinor: total, fullyRefunded: true } },
    ]);
  });

  it('refuses a refund before completion', () => {
    const s = scenario();
    expect(given(history(quoteCmd(s), initiate(s), authorize(s))).when(refund(s, 1)).error).toBe(
      'TRADING_WRONG_STATUS',
    );
  });

  it('records a refund made at the payment provider once, whichever side reports it first', () => {
    const s = scenario();
    const done = history(quoteCmd(s), initiate(s), authorize(s), complete(s));
    const ours = refund(s, 500) as Extract<TradingCommand, { type: 'RefundPurchase' }>;
    const after = [...done, ...given(done).when(ours).events!];
    const confirmation = cmd(s, {
      type: 'RecordPaymentRefunded',
      refundId: ours.refundId,
      amountMinor: 500,
      currency: 'EUR',
    });
    expect(given(after).when(confirmation).events).toEqual([]);
    const external = { ...confirmation, refundId: nextId('r') } as TradingCommand;
    expect(given(after).when(external).events).toMatchObject([
      { type: 'TransactionRefunded', data: { refundedTotalMinor: 1_000 } },
    ]);
  });
});
