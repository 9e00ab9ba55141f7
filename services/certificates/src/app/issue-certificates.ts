import {
  certificateDocument,
  type IssuerProfile,
  SignedTypes,
} from '../domain/certificate-document.ts';
import type { CompletedPurchase } from '../domain/completed-purchase.ts';
import type { Cause, CertificateRecord, CertificateStore, Runtime, Signer } from './ports.ts';
import { revokeWithin } from './revoke-certificates.ts';

export interface IssueRequest {
  purchase: CompletedPurchase;
  /** Why: 'transaction-completed' for the consumer, the admin's reason for a re-issue. */
  reason: string;
}

export interface IssueResult {
  certificate: CertificateRecord;
  /** False when an earlier request with the same transaction and reason already issued it. */
  created: boolean;
}

export interface IssueDeps {
  store: CertificateStore;
  signer: Signer;
  runtime: Runtime;
  issuer: IssuerProfile;
  topic: string;
  /** Tells the sequencer that new certificates wait for the log. */
  onIssued?: () => void;
}

/**
 * Signs and stores certificates for a batch of requests in one transaction. Idempotent on
 * (transaction, reason): a redelivered TransactionCompleted (the bus's inbox drops most) or a
 * retried admin request returns the first certificate. The log is not touched here: the
 * sequencer appends new certificates in batches, so that issuers never queue on its lock.
 */
export async function issueCertificates(
  deps: IssueDeps,
  requests: IssueRequest[],
  cause: Cause,
): Promise<IssueResult[]> {
  const results = await deps.store.unit(cause, async (store) => {
    await store.lockTransactions(requests.map((r) => r.purchase.transactionId));
    const known = await store.certificatesOf(requests.map((r) => r.purchase.transactionId));
    const out: IssueResult[] = [];
    const fresh: CertificateRecord[] = [];
    const purchases: CompletedPurchase[] = [];

    for (const request of requests) {
      const existing = alreadyIssued(request, known);
      if (existing) {
        out.push({ certificate: existing, created: false });
        continue;
      }
      const record = await signNew(deps, request, known, cause);
      known.push(record);
      fresh.push(record);
      purchases.push(request.purchase);
      out.push({ certificate: record, created: true });
    }

    await store.insertCertificates(fresh, purchases);
    for (const c of fresh.filter((c) => c.supersedes !== null)) {
      const reason = `superseded by version ${c.version}`;
      await revokeWithin(deps, store, { transactionId: c.transactionId, reason, keep: c.id });
    }
    return out;
  });

  if (results.some((r) => r.created)) deps.onIssued?.();
  return results;
}

function alreadyIssued(request: IssueRequest, known: CertificateRecord[]) {
  const { transactionId } = request.purchase;
  return known.find((c) => c.transactionId === transactionId && c.reason === request.reason);
}

async function signNew(
  deps: IssueDeps,
  request: IssueRequest,
  known: CertificateRecord[],
  cause: Cause,
): Promise<CertificateRecord> {
  const previous = known
    .filter((c) => c.transactionId === request.purchase.transactionId)
    .sort((a, b) => b.version - a.version)[0];
  const id = deps.runtime.newId();
  const issuedAt = deps.runtime.now();
  const version = (previous?.version ?? 0) + 1;
  const supersedes = previous?.id ?? null;

  const document = certificateDocument(deps.issuer, {
    certificateId: id,
    version,
    supersedes,
    purchase: request.purchase,
    issuedAt,
  });
  const { jws, kid } = await deps.signer.sign(document, SignedTypes.certificate);

  return {
    id,
    transactionId: request.purchase.transactionId,
    version,
    supersedes,
    reason: request.reason,
    verificationCode: deps.runtime.newVerificationCode(),
    keyId: kid,
    jws,
    leafIndex: null,
    buyerOrganizationId: request.purchase.buyerOrganizationId,
    providerOrganizationId: request.purchase.providerOrganizationId,
    intermediaryOrganizationId: request.purchase.intermediaryOrganizationId,
    issuedAt,
    revokedAt: null,
    revocationReason: null,
    cause,
  };
}
