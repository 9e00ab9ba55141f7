import { createTestDatabase } from '@hcts/test-harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignedTypes } from '../../domain/certificate-document.ts';
import {
  completedPurchase,
  systemCause,
  testCoreConfig,
  testKek,
} from '../../test-support/fixtures.ts';
import { type Composed, composeCertificates } from '../compose.ts';
import { PostgresSigningKeyStore } from '../postgres/postgres-signing-key-store.ts';
import { verifyBundle } from './bundle-verifier.ts';
import { KeyRing } from './key-ring.ts';

let testDb: Awaited<ReturnType<typeof createTestDatabase>>;
let service: Composed;
const kek = testKek();

beforeAll(async () => {
  testDb = await createTestDatabase('cert_bundle');
  service = await composeCertificates(testCoreConfig(testDb.url, kek));
});

afterAll(async () => {
  await service?.close();
  await testDb?.drop();
});

async function issueOne() {
  const [result] = await service.app.issue(
    [{ purchase: completedPurchase(), reason: 'transaction-completed' }],
    systemCause(),
  );
  return result!.certificate;
}

/** Replaces one character with another of the same alphabet, so that only content changes. */
function mutateAt(text: string, i: number): string {
  const c = text[i]!;
  const replacement = c === 'A' ? 'B' : c === '0' ? '1' : c === 'a' ? 'b' : 'A';
  return text.slice(0, i) + replacement + text.slice(i + 1);
}

describe('certificate bundles', () => {
  it('verify offline with the JWKS alone', async () => {
    const certificate = await issueOne();
    const bundle = await service.app.bundle(certificate);
    const verdict = await verifyBundle(bundle, service.keys.jwks());
    expect(verdict).toMatchObject({ valid: true, failures: [] });
    expect(verdict.checkpoint?.treeSize).toBeGreaterThan(bundle.leafIndex);
    expect(verdict.certificate).toMatchObject({
      type: ['VerifiableCredential', 'PurchaseCertificate'],
      credentialSubject: { transactionId: certificate.transactionId },
    });
  });

  it('fail when any single character of the bundle changes', async () => {
    await issueOne();
    const bundle = await service.app.bundle(await issueOne());
    const text = JSON.stringify(bundle);
    const jwks = service.keys.jwks();
    const passed: number[] = [];
    let tried = 0;
    expect((await verifyBundle(JSON.parse(text), jwks)).valid).toBe(true);

    for (let i = 0; i < text.length; i += 1) {
      let input: unknown;
      try {
        input = JSON.parse(mutateAt(text, i));
      } catch {
        continue;
      }
      tried += 1;
      if ((await verifyBundle(input, jwks)).valid) passed.push(i);
    }
    expect(passed).toEqual([]);
    expect(tried).toBeGreaterThan(text.length * 0.95);
  });

  it('fail against a checkpoint signed by a key outside the JWKS', async () => {
    const bundle = await service.app.bundle(await issueOne());
    const payload = JSON.parse(
      Buffer.from(bundle.checkpoint.split('.')[1]!, 'base64url').toString(),
    );

    // A stranger signs the very same tree head with a key of its own.
    const rogueDb = await createTestDatabase('cert_rogue');
    const rogue = await composeCertificates(testCoreConfig(rogueDb.url));
    try {
      const { jws } = await rogue.keys.sign(payload, SignedTypes.checkpoint);
      const verdict = await verifyBundle({ ...bundle, checkpoint: jws }, service.keys.jwks());
      expect(verdict.valid).toBe(false);
      expect(verdict.failures).toContain('checkpoint-signature');
    } finally {
      await rogue.close();
      await rogueDb.drop();
    }
  });

  it('fail when the certificate signature is the wrong kind of document', async () => {
    const bundle = await service.app.bundle(await issueOne());
    const verdict = await verifyBundle(
      { ...bundle, certificate: bundle.checkpoint },
      service.keys.jwks(),
    );
    expect(verdict.failures).toContain('certificate-signature');
  });

  it('prove with a newer checkpoint that the log only grew, and catch a forged one', async () => {
    const bundle = await service.app.bundle(await issueOne());
    const older = (await verifyBundle(bundle, service.keys.jwks())).checkpoint!;
    await service.app.issue(
      Array.from({ length: 5 }, () => ({
        purchase: completedPurchase(),
        reason: 'transaction-completed',
      })),
      systemCause(),
    );

    await service.app.sequenceAll();

    const newer = await service.app.newerCheckpoint(older.treeSize);
    expect(newer.consistencyProof.length).toBeGreaterThan(0);
    const good = await verifyBundle(bundle, service.keys.jwks(), newer);
    expect(good).toMatchObject({ valid: true });

    const forged = { ...newer, consistencyProof: [...newer.consistencyProof].reverse() };
    const bad = await verifyBundle(bundle, service.keys.jwks(), forged);
    expect(bad.failures).toEqual(['consistency-proof']);
  });

  it('keep verifying certificates signed by a key that was rotated out', async () => {
    const certificate = await issueOne();
    const oldKid = service.keys.activeKeyId;
    const newKid = await service.keys.rotate();
    expect(newKid).not.toBe(oldKid);

    const after = await issueOne();
    expect(after.keyId).toBe(newKid);
    const kids = service.keys.jwks().keys.map((k) => k.kid);
    expect(kids).toEqual(expect.arrayContaining([oldKid, newKid]));

    const verdict = await verifyBundle(await service.app.bundle(certificate), service.keys.jwks());
    expect(verdict.valid).toBe(true);
  });

  it('keeps private keys sealed: a wrong key-encryption key cannot load them', async () => {
    const store = new PostgresSigningKeyStore(service.database.db);
    const sealed = (await store.list())[0]!.sealedPrivateKey;
    expect(sealed.includes(Buffer.from('PRIVATE'))).toBe(false);
    await expect(new KeyRing(store, testKek()).load()).rejects.toThrow();
    await expect(new KeyRing(store, kek).load()).resolves.toBeInstanceOf(KeyRing);
  });
});
