import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';
import { uuidv7 } from 'uuidv7';
import { afterAll, describe, expect, it } from 'vitest';
import { certificateDocument } from '../../domain/certificate-document.ts';
import { completedPurchase } from '../../test-support/fixtures.ts';
import { renderCertificatePdf } from './certificate-pdf.ts';

// jsqr is CommonJS with a default export: its typings and Node's interop disagree on the shape.
type Decode = typeof jsQRModule.default;
const jsQR: Decode =
  (jsQRModule as unknown as { default?: Decode }).default ?? (jsQRModule as unknown as Decode);

const dir = mkdtempSync(join(tmpdir(), 'hcts-pdf-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Rasterizes page 1 with poppler's pdftoppm (scripts/system-packages.sh installs it). */
function rasterize(pdf: Buffer): PNG {
  const input = join(dir, `${uuidv7()}.pdf`);
  const output = join(dir, uuidv7());
  writeFileSync(input, pdf);
  try {
    execFileSync('pdftoppm', ['-png', '-r', '150', '-singlefile', '-f', '1', input, output]);
  } catch (error) {
    throw new Error(
      `pdftoppm (Debian poppler-utils) failed or is missing: run scripts/system-packages.sh (${(error as Error).message})`,
    );
  }
  return PNG.sync.read(readFileSync(`${output}.png`));
}

describe('certificate PDF', () => {
  it('carries a QR code that decodes to the verify URL of that certificate', async () => {
    const code = 'q7lUJ3N0cDJhc2RmZ2hqa2w';
    const verifyUrl = `https://hcts.test/api/certificates/verify/${code}`;
    const document = certificateDocument(
      { id: 'https://hcts.test', name: 'HCTS test', validityDays: 365 },
      {
        certificateId: uuidv7(),
        version: 1,
        supersedes: null,
        purchase: completedPurchase(),
        issuedAt: new Date(),
      },
    );

    const pdf = await renderCertificatePdf({
      document,
      verifyUrl,
      keysUrl: 'https://hcts.test/api/certificates/jwks.json',
      keyId: 'kid-1',
      leafIndex: 41,
      revoked: null,
    });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');

    const png = rasterize(pdf);
    const found = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
    expect(found?.data).toBe(verifyUrl);
  });

  it('renders non-Latin names and wraps long ones inside the page', async () => {
    const purchase = completedPurchase();
    const line = purchase.services[0]!;
    const long = `${'Ünïcödé '.repeat(20)}${'X'.repeat(150)}`;
    purchase.services = [
      { ...line, name: '脑部 MRI 🧠 Ünïcödé Ελληνικά Кириллица' },
      { ...line, name: long },
    ];
    const document = certificateDocument(
      { id: 'https://hcts.test', name: 'HCTS test', validityDays: 365 },
      { certificateId: uuidv7(), version: 1, supersedes: null, purchase, issuedAt: new Date() },
    );
    const pdf = await renderCertificatePdf({
      document,
      verifyUrl: 'https://hcts.test/api/certificates/verify/abc',
      keysUrl: 'https://hcts.test/api/certificates/jwks.json',
      keyId: 'kid-1',
      leafIndex: 1,
      revoked: null,
    });

    const { text, words, pageWidth } = extractText(pdf);
    expect(text).toContain('脑部 MRI');
    expect(text).toContain('Ελληνικά Кириллица');
    expect(text).toContain('Ünïcödé');
    const rightmost = Math.max(...words.map((word) => word.xMax));
    expect(rightmost).toBeLessThanOrEqual(pageWidth - 49);
  });

  it("points offline verifiers at the certificate signing keys, not the gateway's", async () => {
    const document = certificateDocument(
      { id: 'https://hcts.test', name: 'HCTS test', validityDays: 365 },
      {
        certificateId: uuidv7(),
        version: 1,
        supersedes: null,
        purchase: completedPurchase(),
        issuedAt: new Date(),
      },
    );
    const pdf = await renderCertificatePdf({
      document,
      verifyUrl: 'https://hcts.test/api/certificates/verify/abc',
      keysUrl: 'https://hcts.test/api/certificates/jwks.json',
      keyId: 'kid-1',
      leafIndex: 2,
      revoked: null,
    });

    const text = extractText(pdf).text.replace(/\s+/g, ' ');
    expect(text).toContain(
      'Offline: check the bundle with the certificate signing keys at https://hcts.test/api/certificates/jwks.json',
    );
    expect(text).not.toContain('well-known');
  });
});

/** Page 1's text and word boxes, by poppler's pdftotext (scripts/system-packages.sh). */
function extractText(pdf: Buffer) {
  const input = join(dir, `${uuidv7()}.pdf`);
  writeFileSync(input, pdf);
  const text = execFileSync('pdftotext', ['-f', '1', '-l', '1', input, '-'], { encoding: 'utf8' });
  const html = execFileSync('pdftotext', ['-bbox', '-f', '1', '-l', '1', input, '-'], {
    encoding: 'utf8',
  });
  const pageWidth = Number(/<page width="([\d.]+)"/.exec(html)?.[1]);
  const words = [...html.matchAll(/xMax="([\d.]+)"/g)].map((m) => ({ xMax: Number(m[1]) }));
  return { text, words, pageWidth };
}
