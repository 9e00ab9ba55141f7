import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '@hcts/infra-local';
import { describe, expect, it } from 'vitest';
import { expectStatus, GatewayClient } from '../../../scripts/demo/gateway-client.ts';
import { untilCertificate } from '../../../scripts/demo/purchase-steps.ts';
import { brokeredPurchase } from '../support/purchases.ts';
import { type PlatformRef, stepTimeout } from './context.ts';

const verifier = join(repoRoot, 'services', 'certificates', 'src', 'cli', 'verify-bundle.ts');

export function certificateSteps(platform: PlatformRef): void {
  describe('4. the certificate is issued, verifiable online, as PDF and offline', () => {
    it(
      'issues a certificate whose verify URL (the QR code target) answers valid',
      async () => {
        const { buyer, view } = await brokeredPurchase(platform());
        const certificate = await untilCertificate(buyer.api, buyer.userId, view.transactionId);

        expect(certificate.verifyUrl).toMatch(/\/api\/certificates\/verify\/[\w-]+$/);
        expect(certificate.verifyUrl.startsWith(platform().gatewayUrl)).toBe(true);
        const anonymous = new GatewayClient(platform().gatewayUrl);
        const verified = await anonymous.get(new URL(certificate.verifyUrl).pathname);
        expect(verified.status).toBe(200);
        expect(verified.json).toMatchObject({ status: 'valid', certificateId: certificate.id });
      },
      stepTimeout,
    );

    it(
      'downloads the certificate as a PDF',
      async () => {
        const { buyer, view } = await brokeredPurchase(platform());
        const certificate = await untilCertificate(buyer.api, buyer.userId, view.transactionId);

        const pdf = await buyer.api.get(`/api/certificates/download/${certificate.id}`);

        expect(pdf.status).toBe(200);
        expect(pdf.headers.get('content-type')).toMatch(/^application\/pdf/);
        expect(pdf.text.startsWith('%PDF-')).toBe(true);
      },
      stepTimeout,
    );

    it(
      'the offline verifier accepts the bundle with only the public keys',
      async () => {
        const { buyer, view } = await brokeredPurchase(platform());
        const certificate = await untilCertificate(buyer.api, buyer.userId, view.transactionId);
        const full = expectStatus(
          'read',
          await buyer.api.get(`/api/certificates/${certificate.id}`),
          200,
        );
        const jwks = await new GatewayClient(platform().gatewayUrl).get(
          '/api/certificates/jwks.json',
        );
        expect(jwks.status).toBe(200);
        const status = await new GatewayClient(platform().gatewayUrl).get(
          '/api/certificates/status',
        );
        expect(status.status).toBe(200);

        const dir = mkdtempSync(join(tmpdir(), 'hcts-e2e-bundle-'));
        writeFileSync(join(dir, 'bundle.json'), JSON.stringify(full.json.bundle));
        writeFileSync(join(dir, 'jwks.json'), jwks.text);
        writeFileSync(join(dir, 'status.json'), status.text);
        const run = spawnSync(process.execPath, [
          verifier,
          '--bundle',
          join(dir, 'bundle.json'),
          '--jwks',
          join(dir, 'jwks.json'),
          '--status',
          join(dir, 'status.json'),
        ]);

        expect(run.status, run.stderr.toString()).toBe(0);
        const verdict = JSON.parse(run.stdout.toString());
        expect(verdict).toMatchObject({
          valid: true,
          certificateId: `urn:uuid:${certificate.id}`,
          transactionId: view.transactionId,
        });
        // The status list is signed at the first revocation: before any, there is none to check.
        const revocation = status.json.statusList
          ? { status: 'not-revoked' }
          : { status: 'not-checked', reason: 'none-published' };
        expect(verdict.revocation).toMatchObject(revocation);
      },
      stepTimeout,
    );
  });
}
