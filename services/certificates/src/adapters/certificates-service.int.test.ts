import { TransactionCompleted, TransactionRefunded } from '@hcts/contracts';
import { createTestDatabase, kafkaBrokers, uniqueName } from '@hcts/test-harness';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  completedData,
  refundedData,
  testPublisher,
  testServiceConfig,
  tokenFactory,
} from '../test-support/service-harness.ts';
import { buildCertificatesService } from './build-service.ts';
import { verifyBundle } from './crypto/bundle-verifier.ts';

let testDb: Awaited<ReturnType<typeof createTestDatabase>>;
let built: Awaited<ReturnType<typeof buildCertificatesService>>;
let publisher: Awaited<ReturnType<typeof testPublisher>>;
let tokens: Awaited<ReturnType<typeof tokenFactory>>;
const topic = uniqueName('cert-trading');
const group = uniqueName('cert-group');

beforeAll(async () => {
  testDb = await createTestDatabase('cert_service');
  tokens = await tokenFactory();
  publisher = await testPublisher(kafkaBrokers(), topic);
  built = await buildCertificatesService(testServiceConfig(testDb.url, kafkaBrokers()), {
    authJwks: tokens.jwks,
    tradingTopic: topic,
    consumerGroup: group,
  });
});

afterAll(async () => {
  await publisher?.close();
  await built?.service.stop();
  await testDb?.drop();
});

/** Waits until the consumer has issued a certificate for the transaction. */
async function certificatesOf(transactionId: string, atLeast = 1) {
  for (let i = 0; i < 600; i += 1) {
    const rows = await built.core.database.db
      .selectFrom('certificates')
      .selectAll()
      .where('transaction_id', '=', transactionId)
      .execute();
    if (rows.length >= atLeast) return rows;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no certificate for ${transactionId}`);
}

async function revokedOf(transactionId: string) {
  for (let i = 0; i < 600; i += 1) {
    const row = await built.core.database.db
      .selectFrom('certificates')
      .selectAll()
      .where('transaction_id', '=', transactionId)
      .where('revoked_at', 'is not', null)
      .executeTakeFirst();
    if (row) return row;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no revocation for ${transactionId}`);
}

async function issuedThroughKafka() {
  const data = completedData();
  await publisher.send([publisher.message(TransactionCompleted, data)]);
  const [row] = await certificatesOf(data.transactionId);
  return { data, row: row! };
}

const inject = (method: 'GET' | 'POST', url: string, token?: string, payload?: object) =>
  built.service.app.inject({
    method,
    url,
    ...(token ? { headers: { authorization: `Bearer ${token}` } } : {}),
    ...(payload ? { payload } : {}),
  });

describe('certificates service', () => {
  it('issues one certificate when TransactionCompleted is delivered ten times', async () => {
    const data = completedData();
    const message = publisher.message(TransactionCompleted, data);
    await publisher.send(Array.from({ length: 10 }, () => message));

    // Trading publishing it again under new event ids changes nothing either.
    await publisher.send([
      publisher.message(TransactionCompleted, data),
      publisher.message(TransactionCompleted, data),
    ]);

    // Every record on the topic handled and its offset committed: no duplicate is still due.
    await publisher.drained(group);

    const rows = await certificatesOf(data.transactionId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ version: 1, reason: 'transaction-completed' });

    // Handled as duplicates, not as failures: nothing went to the dead-letter table.
    const { rows: dead } = await sql`
      select 1 from bus_dead_letter where consumer_group = ${group}`.execute(
      built.core.database.db,
    );
    expect(dead).toEqual([]);
  });

  it('answers a QR verification with the minimum, and revoked after a refund', async () => {
    const { data, row } = await issuedThroughKafka();
    const valid = await inject('GET', `/api/certificates/verify/${row.verification_code}`);
    expect(valid.statusCode).toBe(200);
    expect(valid.json()).toMatchObject({ status: 'valid', certificateId: row.id, version: 1 });
    expect(JSON.stringify(valid.json())).not.toContain(data.buyerOrganizationId);

    await publisher.send([
      publisher.message(TransactionRefunded, refundedData(data.transactionId)),
    ]);
    await revokedOf(data.transactionId);
    const revoked = (
      await inject('GET', `/api/certificates/verify/${row.verification_code}`)
    ).json();
    expect(revoked).toMatchObject({ status: 'revoked', certificateId: row.id });
    expect(revoked.reason).toMatch(/^refund /);

    const status = (await inject('GET', '/api/certificates/status')).json();
    const payload = JSON.parse(
      Buffer.from(status.statusList.split('.')[1], 'base64url').toString(),
    );
    expect(payload.revoked.map((e: { certificateId: string }) => e.certificateId)).toContain(
      row.id,
    );
  });

  it('says unknown for a code it never issued and rejects malformed codes', async () => {
    const unknown = await inject('GET', '/api/certificates/verify/AAAAAAAAAAAAAAAAAAAAAAAA');
    expect(unknown.json()).toEqual({ status: 'unknown' });
    expect((await inject('GET', '/api/certificates/verify/short')).statusCode).toBe(400);
  });

  it('shows a certificate to its parties with a bundle that verifies offline', async () => {
    const { data, row } = await issuedThroughKafka();
    const buyer = await tokens.token({
      userId: 'u-buyer',
      organizationId: data.buyerOrganizationId,
      role: 'insurer',
    });
    const stranger = await tokens.token({
      userId: 'u-x',
      organizationId: 'org-x',
      role: 'insurer',
    });

    const shown = await inject('GET', `/api/certificates/${row.id}`, buyer);
    expect(shown.statusCode).toBe(200);
    const jwks = (await inject('GET', '/.well-known/jwks.json')).json();
    expect(await verifyBundle(shown.json().bundle, jwks)).toMatchObject({ valid: true });

    // The JSON-LD context the document names after the W3C one is served, publicly.
    const contextUrl = new URL(shown.json().document['@context'][1]);
    expect(contextUrl.pathname).toBe('/credentials/v1');
    const context = await inject('GET', contextUrl.pathname);
    expect(context.statusCode).toBe(200);
    expect(context.headers['content-type']).toContain('application/ld+json');
    expect(context.json()['@context']).toMatchObject({ '@version': 1.1 });
    expect(context.json()['@context']['@vocab']).toMatch(/^https:\/\//);

    expect((await inject('GET', `/api/certificates/${row.id}`, stranger)).statusCode).toBe(404);
    expect((await inject('GET', `/api/certificates/${row.id}`)).statusCode).toBe(401);

    const pdf = await inject('GET', `/api/certificates/download/${row.id}`, buyer);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');

    const mine = await inject('GET', '/api/certificates/user/u-buyer', buyer);
    expect(mine.json().items.map((c: { id: string }) => c.id)).toEqual([row.id]);
    expect((await inject('GET', '/api/certificates/user/u-other', buyer)).statusCode).toBe(403);
  });

  it('lets an admin re-issue idempotently, superseding the damaged version', async () => {
    const { data, row } = await issuedThroughKafka();
    const admin = await tokens.token({ userId: 'u-admin', organizationId: 'op', role: 'admin' });
    const insurer = await tokens.token({
      userId: 'u-i',
      organizationId: data.buyerOrganizationId,
      role: 'insurer',
    });
    const body = { transactionId: data.transactionId, reason: 'damaged rendering' };

    const first = await inject('POST', '/api/certificates/generate', admin, body);
    expect(first.statusCode).toBe(201);
    expect(first.json().certificate).toMatchObject({ version: 2, supersedes: row.id });

    const again = await inject('POST', '/api/certificates/generate', admin, body);
    expect(again.statusCode).toBe(200);
    expect(again.json().certificate.id).toBe(first.json().certificate.id);

    const same = { transactionId: data.transactionId, reason: 'transaction-completed' };
    const original = await inject('POST', '/api/certificates/generate', admin, same);
    expect(original.json().certificate.id).toBe(row.id);

    const old = (await inject('GET', `/api/certificates/verify/${row.verification_code}`)).json();
    expect(old).toMatchObject({ status: 'revoked', reason: 'superseded by version 2' });

    expect((await inject('POST', '/api/certificates/generate', insurer, body)).statusCode).toBe(
      403,
    );
    const unknownTx = { transactionId: '01900000-0000-7000-8000-000000000000', reason: 'x-y-z' };
    expect((await inject('POST', '/api/certificates/generate', admin, unknownTx)).statusCode).toBe(
      404,
    );
  });

  it('rotates keys on an admin request and keeps verifying what older keys signed', async () => {
    const { row } = await issuedThroughKafka();
    const admin = await tokens.token({ userId: 'u-admin', organizationId: 'op', role: 'admin' });
    const insurer = await tokens.token({ userId: 'u-i', organizationId: 'o', role: 'insurer' });
    expect((await inject('POST', '/api/certificates/keys/rotate', insurer)).statusCode).toBe(403);

    const rotated = await inject('POST', '/api/certificates/keys/rotate', admin);
    expect(rotated.statusCode).toBe(201);
    const kids = (await inject('GET', '/.well-known/jwks.json'))
      .json()
      .keys.map((k: { kid: string }) => k.kid);
    expect(kids).toEqual(expect.arrayContaining([row.key_id, rotated.json().keyId]));

    const after = await issuedThroughKafka();
    expect(after.row.key_id).toBe(rotated.json().keyId);
    for (const code of [row.verification_code, after.row.verification_code]) {
      expect((await inject('GET', `/api/certificates/verify/${code}`)).json().status).toBe('valid');
    }
  });

  it('fails closed: no store, no "valid"', async () => {
    const { row } = await issuedThroughKafka();
    await built.bus?.close();
    await built.core.database.close();
    const answer = await inject('GET', `/api/certificates/verify/${row.verification_code}`);
    expect(answer.statusCode).toBe(503);
    expect(answer.json()).toMatchObject({ code: 'CERTIFICATES_STATUS_UNKNOWN' });
  });
});
