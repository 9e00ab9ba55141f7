import type { Selectable } from 'kysely';
import type { Cause, CertificateRecord } from '../../app/ports.ts';
import type { CertificateTable } from './schema.ts';

export function toRecord(row: Selectable<CertificateTable>): CertificateRecord {
  return {
    id: row.id,
    transactionId: row.transaction_id,
    version: row.version,
    supersedes: row.supersedes,
    reason: row.reason,
    verificationCode: row.verification_code,
    keyId: row.key_id,
    jws: row.jws,
    leafIndex: row.leaf_index === null ? null : Number(row.leaf_index),
    buyerOrganizationId: row.buyer_organization_id,
    providerOrganizationId: row.provider_organization_id,
    intermediaryOrganizationId: row.intermediary_organization_id,
    issuedAt: row.issued_at,
    revokedAt: row.revoked_at,
    revocationReason: row.revocation_reason,
    cause: row.issue_cause as unknown as Cause,
  };
}

export function toRow(c: CertificateRecord) {
  return {
    id: c.id,
    transaction_id: c.transactionId,
    version: c.version,
    supersedes: c.supersedes,
    reason: c.reason,
    verification_code: c.verificationCode,
    key_id: c.keyId,
    jws: c.jws,
    leaf_index: c.leafIndex,
    buyer_organization_id: c.buyerOrganizationId,
    provider_organization_id: c.providerOrganizationId,
    intermediary_organization_id: c.intermediaryOrganizationId,
    issued_at: c.issuedAt,
    revoked_at: c.revokedAt,
    revocation_reason: c.revocationReason,
    issue_cause: JSON.stringify(c.cause),
  };
}
