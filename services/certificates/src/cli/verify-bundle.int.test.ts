import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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
