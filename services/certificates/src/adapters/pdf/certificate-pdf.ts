import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import type { CertificateDocument } from '../../domain/certificate-document.ts';
import { type FontChains, fontChains, registerFonts, writeText } from './fonts.ts';
import { formatMinor } from './format-money.ts';

export interface PdfInput {
  document: CertificateDocument;
  verifyUrl: string;
  /** The certificate signing keys as the gateway publishes them (not its access-token keys). */
  keysUrl: string;
  keyId: string;
  /** Null while the certificate waits for the log's next batch. */
  leafIndex: number | null;
  revoked: { at: Date; reason: string } | null;
}

const margin = 50;
const qrSize = 130;

/** A one-document PDF of the certificate: the data a reader needs and the verify QR code. */
export async function renderCertificatePdf(input: PdfInput): Promise<Buffer> {
  const pdf = new PDFDocument({ size: 'A4', margin, info: { Title: 'Purchase certificate' } });
  const chunks: Buffer[] = [];
  pdf.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });

  const fonts = fontChains();
  registerFonts(pdf, fonts);
  const w = writerOf(pdf, fonts);
  header(pdf, w, input);
  drawQr(pdf, input.verifyUrl, pdf.page.width - margin - qrSize, margin);
  parties(pdf, w, input.document);
  services(pdf, w, input.document);
  footer(pdf, w, input);
  pdf.end();
  return done;
}

type Pdf = InstanceType<typeof PDFDocument>;

/** Text in the regular or bold chain, wrapped within the page (or a narrower width). */
interface Writer {
  regular(text: string, width?: number, x?: number): void;
  bold(text: string, width?: number, x?: number): void;
}

function writerOf(pdf: Pdf, fonts: FontChains): Writer {
  const full = pdf.page.width - 2 * margin;
  const write =
    (chain: FontChains['regular']) =>
    (text: string, width = full, x?: number) =>
      writeText(pdf, chain, text, x === undefined ? { width } : { width, x });
  return { regular: write(fonts.regular), bold: write(fonts.bold) };
}

function header(pdf: Pdf, w: Writer, input: PdfInput): void {
  const { document: doc } = input;
  const subject = doc.credentialSubject;
  const textWidth = pdf.page.width - 2 * margin - qrSize - 20;
  pdf.fontSize(20);
  w.bold('Purchase certificate', textWidth);
  pdf.moveDown(0.5).fontSize(10);
  const lines = [
    `Certificate: ${doc.id}`,
    `Version: ${subject.certificateVersion}${subject.supersedes ? ` (supersedes ${subject.supersedes})` : ''}`,
    `Issuer: ${doc.issuer.name} (${doc.issuer.id})`,
    `Valid from ${doc.validFrom} until ${doc.validUntil}`,
    `Transaction: ${subject.transactionId}, completed ${subject.completedAt}`,
  ];
  for (const line of lines) w.regular(line, textWidth);
  if (input.revoked) {
    pdf.moveDown(0.5).fillColor('#b00020');
    w.bold(`REVOKED on ${input.revoked.at.toISOString()}: ${input.revoked.reason}`, textWidth);
    pdf.fillColor('black');
  }
  pdf.y = Math.max(pdf.y, margin + qrSize + 10);
}

function parties(pdf: Pdf, w: Writer, doc: CertificateDocument): void {
  const s = doc.credentialSubject;
  pdf.moveDown().fontSize(12);
  w.bold('Parties', undefined, margin);
  pdf.fontSize(10);
  w.regular(`Provider organization: ${s.providerOrganization.id}`);
  w.regular(`Buyer organization: ${s.buyerOrganization.id}`);
  if (s.intermediaryOrganization) {
    w.regular(`Intermediary organization: ${s.intermediaryOrganization.id}`);
  }
}

function services(pdf: Pdf, w: Writer, doc: CertificateDocument): void {
  const { services: lines, amounts } = doc.credentialSubject;
  pdf.moveDown().fontSize(12);
  w.bold('Purchased services', undefined, margin);
  pdf.fontSize(10);

  for (const s of lines) {
    const indications = s.indications.map((i) => `${i.code} (ICD-11 ${i.releaseId})`).join(', ');
    pdf.moveDown(0.3);
    w.bold(s.name);
    w.regular(
      `${s.procedureCode.system} ${s.procedureCode.code}; indications: ${indications || 'none'}`,
    );
    const unit = formatMinor(s.unitPriceMinor, amounts.currency);
    w.regular(`${s.quantity} x ${unit} = ${formatMinor(s.lineTotalMinor, amounts.currency)}`);
  }

  pdf.moveDown();
  w.bold('Amounts');
  w.regular(`Subtotal: ${formatMinor(amounts.subtotalMinor, amounts.currency)}`);
  w.regular(`Platform fee: ${formatMinor(amounts.platformFeeMinor, amounts.currency)}`);
  w.regular(`Intermediary commission: ${formatMinor(amounts.commissionMinor, amounts.currency)}`);
  w.bold(`Total: ${formatMinor(amounts.totalMinor, amounts.currency)}`);
}

function footer(pdf: Pdf, w: Writer, input: PdfInput): void {
  pdf.moveDown(2).fontSize(8).fillColor('#444444');
  w.regular(`Verify online: ${input.verifyUrl}`, undefined, margin);
  w.regular(
    `Signed with Ed25519 key ${input.keyId}; ${entryOf(input.leafIndex)} of the certificate ` +
      'transparency log.',
  );
  w.regular(`Offline: check the bundle with the certificate signing keys at ${input.keysUrl}.`);
  pdf.fillColor('black');
}

function entryOf(leafIndex: number | null): string {
  return leafIndex === null ? 'awaiting its entry' : `entry ${leafIndex}`;
}

/** The QR code drawn as vector squares, so that it stays sharp at any rendering resolution. */
function drawQr(pdf: Pdf, text: string, x: number, y: number): void {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const count = qr.modules.size;
  const quiet = 4;
  const cell = qrSize / (count + 2 * quiet);

  pdf.save().rect(x, y, qrSize, qrSize).fill('white');
  for (let row = 0; row < count; row += 1) {
    for (let col = 0; col < count; col += 1) {
      if (qr.modules.get(row, col)) {
        pdf.rect(x + (col + quiet) * cell, y + (row + quiet) * cell, cell, cell);
      }
    }
  }
  pdf.fill('black').restore();
}
