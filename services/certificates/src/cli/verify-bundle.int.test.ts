import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase } from '@hcts/test-harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Composed, composeCertificates } from '../adapters/compose.ts';
import { completedPurchase, systemCause, testCoreConfig } from '../test-support/fixtures.ts';

let testDb: Awaited<ReturnType<typeof createTestDatabase>>;
let service: Composed;
let dir: string;
const cli = join(import.meta.dirname, 'verify-bundle.ts');

beforeAll(async () => {
  testDb = await createTestDatabase('cert_cli');
  dir = mkdtempSync(join(tmpdir(), 'hcts-verify-'));
  service = await composeCertificates(testCoreConfig(testDb.url));
});

afterAll(async () => {
  await service?.close();
  await testDb?.drop();
  rmSync(dir, { recursive: true, force: true });
});

function run(...args: string[]) {
  const result = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

function file(name: string, value: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof value === 'string' ? value : JSON.stringify(value));
  return path;
}

describe('verify-bundle CLI', () => {
  it('accepts a good bundle and, with a newer checkpoint, checks consistency', async () => {
    const [issued] = await service.app.issue(
      [{ purchase: completedPurchase(), reason: 'transaction-completed' }],
      systemCause(),
    );
    const bundle = await service.app.bundle(issued!.certificate);
    const jwks = file('jwks.json', service.keys.jwks());

    const ok = run('--bundle', file('b.json', bundle), '--jwks', jwks);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.out)).toMatchObject({ valid: true, failures: [] });

    await service.app.issue(
      [{ purchase: completedPurchase(), reason: 'transaction-completed' }],
      systemCause(),
    );
    await service.app.sequenceAll();
    const size = JSON.parse(ok.out).treeSize as number;
    const newerCheckpoint = await service.app.newerCheckpoint(size);
    expect(newerCheckpoint.consistencyProof.length).toBeGreaterThan(0);
    const newer = file('n.json', newerCheckpoint);
    expect(run('--bundle', file('b.json', bundle), '--jwks', jwks, '--newer', newer).code).toBe(0);
  });

  it('rejects a tampered certificate and names the failed checks', async () => {
    const [issued] = await service.app.issue(
      [{ purchase: completedPurchase(), reason: 'transaction-completed' }],
      systemCause(),
    );
    const bundle = await service.app.bundle(issued!.certificate);
    const [h, p, s] = bundle.certificate.split('.');
    const payload = JSON.parse(Buffer.from(p!, 'base64url').toString());
    payload.credentialSubject.amounts.totalMinor += 1;
    const forgedPayload = Buffer.from(JSON.stringify(payload)).toString('base64url');
    const forged = { ...bundle, certificate: `${h}.${forgedPayload}.${s}` };

    const bad = run(
      '--bundle',
      file('f.json', forged),
      '--jwks',
      file('k.json', service.keys.jwks()),
    );
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.out).failures).toEqual(['certificate-signature', 'inclusion-proof']);
  });

  it('reports a revoked certificate as revoked given the status list, and says when unchecked', async () => {
    const purchase = completedPurchase();
    const [issued] = await service.app.issue(
      [{ purchase, reason: 'transaction-completed' }],
      systemCause(),
    );
    const bundle = file('r.json', await service.app.bundle(issued!.certificate));
    const jwks = file('rk.json', service.keys.jwks());
    const before = file('s0.json', {
      statusList: (await service.app.store.latestStatusList()) ?? null,
    });
    await service.app.revoke(
      { transactionId: purchase.transactionId, reason: 'refund' },
      systemCause(),
    );
    const after = file('s1.json', {
      statusList: (await service.app.store.latestStatusList()) ?? null,
    });

    const unchecked = run('--bundle', bundle, '--jwks', jwks);
    expect(unchecked.code).toBe(0);
    expect(JSON.parse(unchecked.out).revocation.status).toBe('not-checked');
    expect(unchecked.err).toMatch(/revocation not checked/);

    const revoked = run('--bundle', bundle, '--jwks', jwks, '--status', after);
    expect(revoked.code).toBe(1);
    expect(JSON.parse(revoked.out)).toMatchObject({
      valid: false,
      failures: ['revoked'],
      revocation: { status: 'revoked', reason: 'refund' },
    });

    const stale = JSON.parse(run('--bundle', bundle, '--jwks', jwks, '--status', before).out);
    expect(stale.revocation.status).not.toBe('revoked');
    const [h, p, sig] = String(JSON.parse(readFileSync(after, 'utf8')).statusList).split('.');
    const emptied = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(p!, 'base64url').toString()), revoked: [] }),
    ).toString('base64url');
    const forged = file('s2.json', { statusList: `${h}.${emptied}.${sig}` });
    const tampered = run('--bundle', bundle, '--jwks', jwks, '--status', forged);
    expect(tampered.code).toBe(1);
    expect(JSON.parse(tampered.out).failures).toEqual(['status-list']);
  });

  it('answers a key file that is not a JWKS with a clean message and exit 2', () => {
    const bundle = file('any.json', {
      certificate: 'a.b.c',
      leafIndex: 0,
      inclusionProof: [],
      checkpoint: 'a.b.c',
    });
    for (const [name, content] of [
      ['notjwks.json', { hello: 'world' }],
      ['keysnotarray.json', { keys: 'x' }],
      ['notjson.json', '{{'],
    ] as const) {
      const result = run('--bundle', bundle, '--jwks', file(name, content));
      expect([name, result.code]).toEqual([name, 2]);
      expect(result.err).toMatch(/^cannot read input: --jwks /);
      expect(result.err).not.toMatch(/\n\s+at /);
    }
  });

  it('rejects a JWKS without the issuer key, and bad usage', () => {
    expect(run('--jwks', 'x.json').code).toBe(2);
    const emptyJwks = file('empty.json', { keys: [] });
    const bundle = file('junk.json', {
      certificate: 'a.b.c',
      leafIndex: 0,
      inclusionProof: [],
      checkpoint: 'a.b.c',
    });
    expect(run('--bundle', bundle, '--jwks', emptyJwks).code).toBe(1);
  });
});
