import { CertificatesError } from '../domain/errors.ts';
import { type IssueDeps, type IssueResult, issueCertificates } from './issue-certificates.ts';
import type { Cause } from './ports.ts';

export interface GenerateRequest {
  transactionId: string;
  /** 'transaction-completed' issues a missing first certificate; any other re-issues. */
  reason: string;
}

/**
 * The admin's repair: issues the certificate of a completed transaction that has none, or a
 * new version superseding a damaged one. Idempotent on (transaction, reason).
 *
 * Known limit: only transactions whose TransactionCompleted reached this service can be
 * certified, because the purchase data comes from that event; a transaction lost before that
 * needs the trading topic replayed to this consumer group.
 */
export async function generateCertificate(
  deps: IssueDeps,
  request: GenerateRequest,
  cause: Cause,
): Promise<IssueResult> {
  const purchase = await deps.store.purchase(request.transactionId);
  if (!purchase) {
    throw new CertificatesError('CERTIFICATES_TRANSACTION_UNKNOWN', {
      transactionId: request.transactionId,
    });
  }
  const [result] = await issueCertificates(deps, [{ purchase, reason: request.reason }], cause);
  return result!;
}
