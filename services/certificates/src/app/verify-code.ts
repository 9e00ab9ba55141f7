import { CertificatesError } from '../domain/errors.ts';
import type { CertificateStore } from './ports.ts';

export type Verification =
  | {
      status: 'valid';
      certificateId: string;
      version: number;
      issuedAt: string;
      validUntil: string;
    }
  | { status: 'expired'; certificateId: string; version: number; validUntil: string }
  | { status: 'revoked'; certificateId: string; version: number; revokedAt: string; reason: string }
  | { status: 'unknown' };

export interface VerifyDeps {
  store: CertificateStore;
  now(): Date;
  /** The certificate's own signed content, or undefined when its signature does not hold. */
  openSigned(certificateId: string, jws: string): Promise<{ validUntil?: string } | undefined>;
}

/**
 * What a QR scan answers, with the minimum of data: no parties, no amounts. Fails closed: if
 * the store cannot be read the answer is an error, never "valid", and a certificate whose
 * stored signature no longer verifies is "unknown".
 */
export async function verifyCode(deps: VerifyDeps, code: string): Promise<Verification> {
  let record: Awaited<ReturnType<CertificateStore['byCode']>>;
  try {
    record = await deps.store.byCode(code);
  } catch (cause) {
    throw new CertificatesError('CERTIFICATES_STATUS_UNKNOWN', {}, cause);
  }
  if (!record) return { status: 'unknown' };

  const base = { certificateId: record.id, version: record.version };
  if (record.revokedAt) {
    const revokedAt = record.revokedAt.toISOString();
    return { status: 'revoked', ...base, revokedAt, reason: record.revocationReason ?? '' };
  }

  const signed = await deps.openSigned(record.id, record.jws);
  if (!signed?.validUntil) return { status: 'unknown' };
  if (new Date(signed.validUntil) <= deps.now()) {
    return { status: 'expired', ...base, validUntil: signed.validUntil };
  }
  const issuedAt = record.issuedAt.toISOString();
  return { status: 'valid', ...base, issuedAt, validUntil: signed.validUntil };
}
