import { randomBytes } from 'node:crypto';
import { createTestTokens } from '@hcts/auth/testing';
import { sql } from 'kysely';
import { uuidv7 } from 'uuidv7';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openPayment } from './app/open-payment.ts';
import { capture, reaches, startPayment } from './testing/payment-steps.ts';
import {
  aQuote,
  eventually,
  intentStatus,
  ledgerIsBalanced,
  type PaymentsFixture,
  parties,
  startPaymentsFixture,
  tokens,
} from './testing/payments-fixture.ts';

describe('the payments HTTP API', () => {
  let f: PaymentsFixture;
  beforeAll(async () => {
    f = await startPaymentsFixture('payments_api');
  });
  afterEach(async () => {
    await f.sandbox.idle();
    expect(await ledgerIsBalanced(f)).toBe(true);
  });
  afterAll(async () => {
    await f?.stop();
  });

  const insurer = () => ({
    userId: `user-${randomBytes(4).toString('hex')}`,
    organizationId: `insurer-${randomBytes(4).toString('hex')}`,
    role: 'insurer',
  });
  type Who = { userId: string; organizationId: string; role: string };
  /** The access token the gateway would forward for this caller. */
  const headers = (who: Who) => tokens.bearer(who);
  const body = (transactionId = uuidv7()) => ({ transactionId });
  /** `who` initiated a purchase at trading: the intent exists, at the quote's split. */
  const initiated = async (who: Who, quote = aQuote(12_345, 309, 0)) => {
    const p = { ...parties(), buyerOrganizationId: who.organizationId };
    await startPayment(f, quote, { ...p, intermediaryOrganizationId: null }, who.userId);
    return p;
  };
  const intentCount = async (transactionId: string) => {
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from payment_intent where transaction_id = ${transactionId}`.execute(
      f.payments.db,
    );
    return rows[0]?.n;
  };
  const initiate = (who: Who, key: string, payload: unknown) =>
    f.payments.service.app.inject({
      method: 'POST',
      url: '/api/payments/initiate',
      headers: { ...headers(who), 'idempotency-key': key },
      payload: payload as object,
    });
  const get = (who: Who | null, url: string) =>
    f.payments.service.app.inject({ method: 'GET', url, headers: who ? headers(who) : {} });

  it('makes one intent of 20 concurrent calls with one key, and 409s the key with another body', async () => {
    const who = insurer();
    const key = randomBytes(12).toString('hex');
    const payload = body((await initiated(who)).transactionId);
    const responses = await Promise.all(
      Array.from({ length: 20 }, () => initiate(who, key, payload)),
    );

    expect(new Set(responses.map((r) => r.statusCode))).toEqual(new Set([202]));
    expect(new Set(responses.map((r) => r.body)).size).toBe(1);
    expect(await intentCount(payload.transactionId)).toBe(1);

    const other = await initiate(who, key, body());
    expect(other.statusCode).toBe(409);
    expect(other.json()).toMatchObject({ code: 'PAYMENTS_IDEMPOTENCY_KEY_REUSED' });
    const again = await initiate(who, randomBytes(12).toString('hex'), payload);
    expect(again.json().paymentIntentId).toBe(responses[0]?.json().paymentIntentId);
  });

  it('refuses callers without identity or permission, and bodies with unknown keys', async () => {
    const key = randomBytes(12).toString('hex');
    const anonymous = await f.payments.service.app.inject({
      method: 'POST',
      url: '/api/payments/initiate',
      headers: { 'idempotency-key': key },
      payload: body(),
    });
    expect(anonymous.statusCode).toBe(401);
    const provider = { ...insurer(), role: 'provider' };
    expect((await initiate(provider, key, body())).statusCode).toBe(403);
    expect((await initiate(insurer(), key, { ...body(), extra: 1 })).statusCode).toBe(400);
  });

  it('shows a payment to its parties and admin only, with history, balances and statements', async () => {
    const who = insurer();
    const payload = await initiated(who);
    const started = await initiate(
      who,
      randomBytes(12).toString('hex'),
      body(payload.transactionId),
    );
    const id = started.json().paymentIntentId as string;
    await reaches(f, payload.transactionId, 'authorized');
    await capture(f, payload.transactionId);

    const mine = await get(who, `/api/payments/status/${id}`);
    expect(mine.json()).toMatchObject({
      id,
      status: 'captured',
      amountMinor: 12_345,
      capturedMinor: 12_345,
    });
    const providerSide = {
      userId: 'u',
      organizationId: payload.providerOrganizationId,
      role: 'provider',
    };
    expect((await get(providerSide, `/api/payments/status/${id}`)).statusCode).toBe(200);
    expect((await get(insurer(), `/api/payments/status/${id}`)).statusCode).toBe(404);
    const admin = { userId: 'root', organizationId: 'operator', role: 'admin' };
    expect((await get(admin, `/api/payments/status/${id}`)).statusCode).toBe(200);
    expect((await get(null, `/api/payments/status/${id}`)).statusCode).toBe(401);

    expect((await get(who, `/api/payments/history/${who.userId}`)).json().items).toHaveLength(1);
    expect((await get(insurer(), `/api/payments/history/${who.userId}`)).json().items).toHaveLength(
      0,
    );
    expect((await get(admin, `/api/payments/history/${who.userId}`)).json().items).toHaveLength(1);

    const balances = (await get(providerSide, '/api/payments/balances')).json().items;
    expect(balances).toEqual([
      expect.objectContaining({
        accountKind: 'provider_payable',
        postedMinor: -12_036,
        pendingMinor: 0,
      }),
    ]);
    expect(
      (await get(providerSide, `/api/payments/balances?owner=${who.organizationId}`)).statusCode,
    ).toBe(403);
    const statement = await get(
      providerSide,
      `/api/payments/statements/${payload.providerOrganizationId}`,
    );
    expect(statement.json().lines).toEqual([
      expect.objectContaining({
        accountKind: 'provider_payable',
        amountMinor: -12_036,
        memo: 'settlement split',
      }),
    ]);
    expect(
      (await get(who, `/api/payments/statements/${payload.providerOrganizationId}`)).statusCode,
    ).toBe(403);
  });

  it('routes an organization to its own gateway order, set by an admin', async () => {
    const admin = { userId: 'root', organizationId: 'operator', role: 'admin' };
    const who = insurer();
    const put = (by: Who) =>
      f.payments.service.app.inject({
        method: 'PUT',
        url: `/api/payments/routing/${who.organizationId}`,
        headers: headers(by),
        payload: { gateways: ['sandbox-b', 'sandbox'] },
      });
    expect((await put(who)).statusCode).toBe(403);
    expect((await put(admin)).statusCode).toBe(200);

    const payload = await initiated(who);
    const intent = await reaches(f, payload.transactionId, 'authorized');
    expect(intent.gateway).toBe('sandbox-b');
  });

  it('trusts no identity header: forged x-hcts-* headers without a token are 401', async () => {
    const who = insurer();
    const forged = {
      'x-hcts-user-id': who.userId,
      'x-hcts-organization-id': who.organizationId,
      'x-hcts-role': 'admin',
    };
    const key = randomBytes(12).toString('hex');
    const payload = body();

    const posted = await f.payments.service.app.inject({
      method: 'POST',
      url: '/api/payments/initiate',
      headers: { ...forged, 'idempotency-key': key },
      payload,
    });
    const routed = await f.payments.service.app.inject({
      method: 'PUT',
      url: `/api/payments/routing/${who.organizationId}`,
      headers: forged,
      payload: { gateways: ['sandbox'] },
    });
    const read = await f.payments.service.app.inject({
      url: `/api/payments/history/${who.userId}`,
      headers: forged,
    });

    expect(posted.statusCode).toBe(401);
    expect(posted.headers['content-type']).toMatch(/problem\+json/);
    expect(posted.json().code).toBe('AUTH_TOKEN_MISSING');
    expect(routed.statusCode).toBe(401);
    expect(read.statusCode).toBe(401);
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from payment_intent where transaction_id = ${payload.transactionId}`.execute(
      f.payments.db,
    );
    expect(rows[0]?.n).toBe(0);
  });

  it('refuses a token signed by another key, and a token with a role nobody has', async () => {
    const who = insurer();
    const stranger = createTestTokens({ issuer: tokens.issuer, audience: tokens.audience });
    const url = `/api/payments/history/${who.userId}`;

    const foreign = await f.payments.service.app.inject({ url, headers: stranger.bearer(who) });
    const unknownRole = await get({ ...who, role: 'superuser' }, url);

    expect(foreign.statusCode).toBe(401);
    expect(foreign.json().code).toBe('AUTH_TOKEN_KEY_UNKNOWN');
    expect(unknownRole.statusCode).toBe(401);
    expect(unknownRole.json().code).toBe('AUTH_TOKEN_CLAIMS_INVALID');
  });

  it("reads by the token's organization: another organization's token gets 404", async () => {
    const owner = insurer();
    const { transactionId } = await initiated(owner);
    const started = await initiate(owner, randomBytes(12).toString('hex'), body(transactionId));
    const id = started.json().paymentIntentId as string;
    const url = `/api/payments/status/${id}`;
    const other = insurer();
    // The token speaks for the other organization; headers naming the owner change nothing.
    const withOwnerHeaders = {
      ...headers(other),
      'x-hcts-user-id': owner.userId,
      'x-hcts-organization-id': owner.organizationId,
    };

    expect((await get(other, url)).statusCode).toBe(404);
    const forged = await f.payments.service.app.inject({ url, headers: withOwnerHeaders });
    expect(forged.statusCode).toBe(404);
    expect((await get(owner, url)).statusCode).toBe(200);
  });

  it('takes no amount, party or split from the buyer: the body is the transaction id only', async () => {
    const who = insurer();
    const p = parties();
    const chosen = {
      transactionId: p.transactionId,
      amountMinor: 10_000,
      currency: 'EUR',
      providerOrganizationId: p.providerOrganizationId,
      intermediaryOrganizationId: p.intermediaryOrganizationId,
      platformFeeBps: 0,
      commissionBps: 10_000,
    };

    const refused = await initiate(who, randomBytes(12).toString('hex'), chosen);

    expect(refused.statusCode).toBe(400);
    expect(await intentCount(p.transactionId)).toBe(0);
  });

  it("settles at trading's frozen split even when the buyer asked to pay before trading's event", async () => {
    const who = insurer();
    const p = { ...parties(), buyerOrganizationId: who.organizationId };

    const early = await initiate(who, randomBytes(12).toString('hex'), body(p.transactionId));
    expect(early.statusCode).toBe(404);
    expect(early.json().code).toBe('PAYMENTS_TRANSACTION_UNKNOWN');
    expect(await intentCount(p.transactionId)).toBe(0);

    await startPayment(f, aQuote(10_000, 300, 200), p);
    const paid = await initiate(who, randomBytes(12).toString('hex'), body(p.transactionId));
    expect(paid.statusCode).toBe(202);
    await reaches(f, p.transactionId, 'authorized');
    await capture(f, p.transactionId);
    const { rows } = await sql<{ fee: number; commission: number; provider: number }>`
      select platform_fee_minor as fee, commission_minor as commission, provider_minor as provider
      from payment_intent where transaction_id = ${p.transactionId}`.execute(f.payments.db);
    expect(rows[0]).toEqual({ fee: 300, commission: 200, provider: 9_500 });
  });

  it("answers 404 to an insurer asking to pay another buyer's transaction", async () => {
    const owner = insurer();
    const { transactionId } = await initiated(owner);

    const stranger = await initiate(
      insurer(),
      randomBytes(12).toString('hex'),
      body(transactionId),
    );

    expect(stranger.statusCode).toBe(404);
    expect((await intentStatus(f, transactionId))?.status).not.toBe('cancelled');
  });

  it('opens no intent, and so moves no money, for a currency that names no currency', async () => {
    const p = parties();
    const { app } = f.payments;
    const open = app.store.unit((unit) =>
      openPayment(unit, app.registry, { ...p, quote: { ...aQuote(), currency: 'ZZZ' } }, null),
    );

    await expect(open).rejects.toMatchObject({ code: 'PAYMENTS_CURRENCY_UNKNOWN' });
    expect(await intentCount(p.transactionId)).toBe(0);
  });

  it('refuses a second TransactionInitiated for the transaction that disagrees with the first', async () => {
    const p = await startPayment(f);
    const { app } = f.payments;
    await eventually(async () => intentStatus(f, p.transactionId), 'intent exists');
    const other = { ...p, providerOrganizationId: `provider-${randomBytes(4).toString('hex')}` };

    const again = app.store.unit((unit) =>
      openPayment(unit, app.registry, { ...other, quote: aQuote() }, null),
    );

    await expect(again).rejects.toMatchObject({ code: 'PAYMENTS_INTENT_DISAGREES' });
    const same = await app.store.unit((unit) =>
      openPayment(unit, app.registry, { ...p, quote: aQuote() }, null),
    );
    expect(same.created).toBe(false);
  });
});
