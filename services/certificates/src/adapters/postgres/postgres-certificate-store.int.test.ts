import { createTestDatabase } from '@hcts/test-harness';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completedPurchase, systemCause, testCoreConfig } from '../../test-support/fixtures.ts';
import { type Composed, composeCertificates } from '../compose.ts';

let testDb: Awaited<ReturnType<typeof createTestDatabase>>;
let core: Composed;

beforeAll(async () => {
  testDb = await createTestDatabase('cert_store');
  core = await composeCertificates(testCoreConfig(testDb.url));
});

afterAll(async () => {
  await core?.close();
  await testDb?.drop();
});

const request = () => ({ purchase: completedPurchase(), reason: 'transaction-completed' });

async function outboxOf(type: string, certificateId: string) {
  const { rows } = await sql<{ payload: string; headers: Record<string, string> }>`
    select payload, headers from bus_outbox
    where event_type = ${type} and message_key = ${certificateId}`.execute(core.database.db);
  return rows.map((r) => ({ data: JSON.parse(r.payload), headers: r.headers }));
}

describe('issuance and sequencing', () => {
  it('issues without a leaf, then appends waiting certificates in issue order', async () => {
    const cause = systemCause();
    const issued = await core.app.issue([request(), request(), request()], cause);
    expect(issued.every((r) => r.created && r.certificate.leafIndex === null)).toBe(true);

    // Concurrent issuers each commit on their own; the sequencer orders them all.
    await Promise.all(Array.from({ length: 8 }, () => core.app.issue([request()], systemCause())));
    await core.app.sequenceAll();

    const rows = await core.database.db
      .selectFrom('certificates')
      .select(['id', 'leaf_index'])
      .orderBy('id')
      .execute();
    // Dense and unique; the order follows commits, which concurrent issuers do not fix.
    const indexes = rows.map((r) => r.leaf_index).sort((a, b) => a! - b!);
    expect(indexes).toEqual(rows.map((_, i) => i));
    expect(await core.store.logSize()).toBe(rows.length);

    const [event] = await outboxOf(
      'hcts.certificates.certificate-issued.v1',
      issued[0]!.certificate.id,
    );
    expect(event?.data).toMatchObject({ version: 1, leafIndex: expect.any(Number) });
    expect(event?.headers.ce_correlationid).toBe(cause.correlationId);
  });

  it('gives concurrent re-issues of one transaction distinct versions, once per reason', async () => {
    const first = request();
    await core.app.issue([first], systemCause());
    const reissue = (reason: string) =>
      core.app.issue([{ purchase: first.purchase, reason }], systemCause());

    const results = await Promise.all([reissue('damaged'), reissue('damaged'), reissue('lost')]);
    const ids = new Set(results.map(([r]) => r!.certificate.id));
    expect(ids.size).toBe(2);

    const versions = await core.database.db
      .selectFrom('certificates')
      .select(['version', 'revoked_at'])
      .where('transaction_id', '=', first.purchase.transactionId)
      .orderBy('version')
      .execute();
    expect(versions.map((v) => v.version)).toEqual([1, 2, 3]);
    expect(versions.map((v) => v.revoked_at !== null)).toEqual([true, true, false]);
  });

  it('keeps every revocation in the latest signed status list under concurrency', async () => {
    const issued = await core.app.issue(Array.from({ length: 6 }, request), systemCause());
    await Promise.all(
      issued.map((r) =>
        core.app.revoke(
          { transactionId: r.certificate.transactionId, reason: 'refund' },
          systemCause(),
        ),
      ),
    );
    const jws = await core.store.latestStatusList();
    const list = JSON.parse(Buffer.from(jws!.split('.')[1]!, 'base64url').toString());
    const listed = new Set(list.revoked.map((e: { certificateId: string }) => e.certificateId));
    for (const r of issued) expect(listed.has(r.certificate.id)).toBe(true);
  });
});
