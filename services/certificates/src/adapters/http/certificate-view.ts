import type { CertificateRecord } from '../../app/ports.ts';
import type { CertificateDocument } from '../../domain/certificate-document.ts';

export type VerifyUrl = (c: CertificateRecord) => string;

export function verifyUrlOf(publicBaseUrl: string): VerifyUrl {
  return (c) => `${publicBaseUrl}/api/certificates/verify/${c.verificationCode}`;
}

/**
 * The certificate signing keys, as the gateway publishes them: offline verifiers need these,
 * not the gateway's own `/.well-known/jwks.json`, which holds the access-token keys.
 */
export function keysUrlOf(publicBaseUrl: string): string {
  return `${publicBaseUrl}/api/certificates/jwks.json`;
}

/** A certificate as the API shows it to a party or an admin. */
export function view(c: CertificateRecord, verifyUrl: VerifyUrl) {
  return {
    id: c.id,
    transactionId: c.transactionId,
    version: c.version,
    supersedes: c.supersedes,
    keyId: c.keyId,
    leafIndex: c.leafIndex,
    issuedAt: c.issuedAt.toISOString(),
    revokedAt: c.revokedAt?.toISOString() ?? null,
    revocationReason: c.revocationReason,
    verifyUrl: verifyUrl(c),
    document: documentOf(c),
  };
}

/** The signed document as stored: it was signed here, so its payload is read as is. */
export function documentOf(c: CertificateRecord): CertificateDocument {
  const payload = c.jws.split('.')[1] ?? '';
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as CertificateDocument;
}
