import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import type { CertificateDocument } from '../../domain/certificate-document.ts';
import { formatMinor } from './format-money.ts';

export interface PdfInput {
  document: CertificateDocument;
  verifyUrl: string;
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

  header(pdf, input);
  drawQr(pdf, input.verifyUrl, pdf.page.width - margin - qrSize, margin);
  parties(pdf, input.document);
  services(pdf, input.document);
  footer(pdf, input);
  pdf.end();
  return done;
}

type Pdf = InstanceType<typeof PDFDocument>;

function header(pdf: Pdf, input: PdfInput): void {
  const { document: doc } = input;
  const subject = doc.credentialSubject;
  const textWidth = pdf.page.width - 2 * margin - qrSize - 20;
  pdf.font('Helvetica-Bold').fontSize(20).text('Purchase certificate', { width: textWidth });
  pdf.moveDown(0.5).font('Helvetica').fontSize(10);
  const lines = [
    `Certificate: ${doc.id}`,
    `Version: ${subject.certificateVersion}${subject.supersedes ? ` (supersedes ${subject.supersedes})` : ''}`,
    `Issuer: ${doc.issuer.name} (${doc.issuer.id})`,
    `Valid from ${doc.validFrom} until ${doc.validUntil}`,
    `Transaction: ${subject.transactionId}, completed ${subject.completedAt}`,
  ];
  for (const line of lines) pdf.text(line, { width: textWidth });
  if (input.revoked) {
    pdf.moveDown(0.5).font('Helvetica-Bold').fillColor('#b00020');
    pdf.text(`REVOKED on ${input.revoked.at.toISOString()}: ${input.revoked.reason}`, {
      width: textWidth,
    });
    pdf.fillColor('black').font('Helvetica');
  }
  pdf.y = Math.max(pdf.y, margin + qrSize + 10);
}

function parties(pdf: Pdf, doc: CertificateDocument): void {
  const s = doc.credentialSubject;
  pdf.moveDown().font('Helvetica-Bold').fontSize(12).text('Parties', margin);
  pdf.font('Helvetica').fontSize(10);
  pdf.text(`Provider organization: ${s.providerOrganization.id}`);
  pdf.text(`Buyer organization: ${s.buyerOrganization.id}`);
  if (s.intermediaryOrganization) {
    pdf.text(`Intermediary organization: ${s.intermediaryOrganization.id}`);
  }
}

function services(pdf: Pdf, doc: CertificateDocument): void {
  const { services: lines, amounts } = doc.credentialSubject;
  pdf.moveDown().font('Helvetica-Bold').fontSize(12).text('Purchased services', margin);
  pdf.font('Helvetica').fontSize(10);

  for (const s of lines) {
    const indications = s.indications.map((i) => `${i.code} (ICD-11 ${i.releaseId})`).join(', ');
    pdf.moveDown(0.3).font('Helvetica-Bold').text(s.name);
    pdf.font('Helvetica');
    pdf.text(
      `${s.procedureCode.system} ${s.procedureCode.code}; indications: ${indications || 'none'}`,
    );
    const unit = formatMinor(s.unitPriceMinor, amounts.currency);
    pdf.text(`${s.quantity} x ${unit} = ${formatMinor(s.lineTotalMinor, amounts.currency)}`);
  }

  pdf.moveDown().font('Helvetica-Bold').text('Amounts');
  pdf.font('Helvetica');
  pdf.text(`Subtotal: ${formatMinor(amounts.subtotalMinor, amounts.currency)}`);
  pdf.text(`Platform fee: ${formatMinor(amounts.platformFeeMinor, amounts.currency)}`);
  pdf.text(`Intermediary commission: ${formatMinor(amounts.commissionMinor, amounts.currency)}`);
  pdf.font('Helvetica-Bold').text(`Total: ${formatMinor(amounts.totalMinor, amounts.currency)}`);
}

function footer(pdf: Pdf, input: PdfInput): void {
  pdf.moveDown(2).font('Helvetica').fontSize(8).fillColor('#444444');
  pdf.text(`Verify online: ${input.verifyUrl}`, margin);
  pdf.text(
    `Signed with Ed25519 key ${input.keyId}; ${entryOf(input.leafIndex)} of the certificate ` +
      'transparency log. Offline: check the bundle with the public keys at /.well-known/jwks.json.',
  );
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
