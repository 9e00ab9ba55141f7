import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type SweepSettings, sweepStaleIntents } from './app/sweep-stale-intents.ts';
import { capture, gatewayEventCount, reaches, startPayment } from './testing/payment-steps.ts';
import {
  entryKinds,
  eventually,
  intentStatus,
  ledgerIsBalanced,
  type PaymentsFixture,
  publishedTypes,
  startPaymentsFixture,
} from './testing/payments-fixture.ts';

// The service's own sweep runs every 100 ms and takes intents processing for 1.5 s or more.
const sweepAfterMs = 1_500;

describe('the sweep of intents whose webhook never came', () => {
  let f: PaymentsFixture;

  beforeAll(async () => {
    f = await startPaymentsFixture('payments_sweep', {
      env: {
        PAYMENTS_SWEEP_INTERVAL_MS: '100',
        PAYMENTS_SWEEP_AFTER_MS: String(sweepAfterMs),
        PAYMENTS_SWEEP_MAX_BACKOFF_MS: '400',
      },
    });
  });
  afterEach(async () => {
    await f.sandbox.idle();
    f.sandbox.behave({ decline: false, reorder: false, unavailable: false, drop: false });
    expect(await ledgerIsBalanced(f)).toBe(true);
  });
  afterAll(async () => {
    await f?.stop();
  });

  /** A payment the sandbox decided, whose events it lost; the intent is still processing. */
  async function lostWebhook(decline = false) {
    f.sandbox.behave({ drop: true, decline });
    const before = f.sandbox.deliveries().length;
    const p = await startPayment(f);
    const intent = await reaches(f, p.transactionId, 'processing');
    await f.sandbox.idle();

    const atGateway = f.sandbox.payments().find((x) => x.reference === intent.id);
    expect(atGateway?.status).toBe(decline ? 'failed' : 'authorized');
    const sent = f.sandbox.deliveries().slice(before);
    expect(sent.map((d) => d.status)).toEqual(['dropped']);
    return { ...p, intentId: intent.id };
  }

  it('authorizes a payment whose webhook was lost, and tells trading', async () => {
    const p = await lostWebhook();

    await reaches(f, p.transactionId, 'authorized');

    expect(await entryKinds(f, p.transactionId)).toEqual(['pending']);
    expect(await publishedTypes(f, p.transactionId, 1)).toEqual(['payment-authorized']);
    expect(await sweptCount('authorized')).toBeGreaterThanOrEqual(1);
  });

  it('fails a declined payment whose webhook was lost, with the gateway reason', async () => {
    const p = await lostWebhook(true);

    await reaches(f, p.transactionId, 'failed');

    expect(await entryKinds(f, p.transactionId)).toEqual([]);
    expect(await publishedTypes(f, p.transactionId, 1)).toEqual(['payment-failed']);
    const failed = f.published.find((m) => m.key === p.transactionId);
    expect(failed?.data).toMatchObject({ code: 'card_declined' });
    expect(await sweptCount('failed')).toBeGreaterThanOrEqual(1);
  });

  it('changes nothing when the webhook comes after all, late', async () => {
    f.sandbox.behave({ reorder: true });
    const p = await startPayment(f);
    await reaches(f, p.transactionId, 'authorized');
    const events = await gatewayEventCount(f);
    const before = f.sandbox.deliveries().length;

    await f.sandbox.flush();
    await f.sandbox.idle();

    const late = f.sandbox.deliveries().slice(before);
    expect(late).toMatchObject([{ type: 'payment.authorized', status: 200 }]);
    expect(await gatewayEventCount(f)).toBe(events + 1);
    expect(await entryKinds(f, p.transactionId)).toEqual(['pending']);
    await capture(f, p.transactionId);
    expect(await publishedTypes(f, p.transactionId, 3)).toEqual([
      'payment-authorized',
      'payment-captured',
      'commission-settled',
    ]);
  });

  it('leaves an intent alone until it is older than the threshold', async () => {
    const p = await lostWebhook();

    const tally = await sweepStaleIntents(deps(), settings({ afterMs: 60_000 }));
    expect(tally).toEqual({});
    expect((await intentStatus(f, p.transactionId))?.status).toBe('processing');
    expect(await sweepChecks(p.intentId)).toBe(0);

    await reaches(f, p.transactionId, 'authorized');
    // Submission and hold are stamped with their transactions' start, so this is exact.
    const { rows } = await sql<{ waited: number }>`
      select extract(epoch from e.created_at - a.created_at) * 1000 as waited
      from ledger_entry e join payment_attempt a on a.payment_intent_id = e.payment_intent_id
      where e.payment_intent_id = ${p.intentId} and a.outcome = 'accepted'`.execute(f.payments.db);
    expect(Number(rows[0]?.waited)).toBeGreaterThanOrEqual(sweepAfterMs);
  });

  it('asks a failing gateway again, later each time, and reconciles once it answers', async () => {
    const p = await lostWebhook();
    const errors = await sweptCount('gateway_error');
    f.sandbox.behave({ unavailable: true });

    await eventually(async () => (await sweepChecks(p.intentId)) >= 3, 'three failed looks');

    expect((await intentStatus(f, p.transactionId))?.status).toBe('processing');
    expect(await sweptCount('gateway_error')).toBeGreaterThanOrEqual(errors + 3);
    const { rows } = await sql<{ ahead: number }>`
      select extract(epoch from sweep_due_at - now()) * 1000 as ahead
      from payment_intent where id = ${p.intentId}`.execute(f.payments.db);
    expect(Number(rows[0]?.ahead)).toBeLessThanOrEqual(400);
    f.sandbox.behave({ unavailable: false });
    await reaches(f, p.transactionId, 'authorized');
    expect(await publishedTypes(f, p.transactionId, 1)).toEqual(['payment-authorized']);
  });

  it('moves each stale intent once when sweeps run at the same time', async () => {
    const bySweep = await sweptCount('authorized');
    f.sandbox.behave({ drop: true });
    const payments = await Promise.all(Array.from({ length: 6 }, () => startPayment(f)));
    for (const p of payments) await reaches(f, p.transactionId, 'processing');
    await f.sandbox.idle();

    // Two passes of this test and the service's own sweep: three replicas, in effect.
    const [a, b] = await Promise.all([
      sweepStaleIntents(deps(), settings({ afterMs: 0 })),
      sweepStaleIntents(deps(), settings({ afterMs: 0 })),
    ]);

    for (const p of payments) await reaches(f, p.transactionId, 'authorized');
    const byService = (await sweptCount('authorized')) - bySweep;
    expect((a.authorized ?? 0) + (b.authorized ?? 0) + byService).toBe(6);
    for (const p of payments) {
      expect(await entryKinds(f, p.transactionId)).toEqual(['pending']);
      await capture(f, p.transactionId);
      expect(await publishedTypes(f, p.transactionId, 3)).toEqual([
        'payment-authorized',
        'payment-captured',
        'commission-settled',
      ]);
    }
  });

  function deps() {
    return { ...f.payments.app, metrics: { swept: () => {} } };
  }

  function settings(change: Partial<SweepSettings>): SweepSettings {
    return { afterMs: sweepAfterMs, batch: 50, firstBackoffMs: 100, maxBackoffMs: 400, ...change };
  }

  async function sweepChecks(intentId: string): Promise<number> {
    const { rows } = await sql<{ sweep_checks: number }>`
      select sweep_checks from payment_intent where id = ${intentId}`.execute(f.payments.db);
    return rows[0]?.sweep_checks ?? -1;
  }

  /** The service's counter of swept intents for one outcome, as its /metrics shows it. */
  async function sweptCount(outcome: string): Promise<number> {
    const text = await (await fetch(`${f.url}/metrics`)).text();
    const line = text
      .split('\n')
      .find((l) => l.startsWith('hcts_payments_swept_intents_total{') && l.includes(outcome));
    return Number(line?.split(' ').at(-1) ?? Number.NaN);
  }
});
