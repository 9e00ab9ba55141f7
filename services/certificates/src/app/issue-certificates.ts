import {
  certificateDocument,
  type IssuerProfile,
  SignedTypes,
} from '../domain/certificate-document.ts';
import type { CompletedPurchase } from '../domain/completed-purchase.ts';
import type {
  Cause,
  CertificateRecord,
  CertificateStore,
  LockedStore,
  Runtime,
  Signer,
} from './ports.ts';
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
}

/**
 * Issues certificates for a batch of requests in one transaction: one lock, one append of all
 * their leaves to the log. Idempotent on (transaction, reason): a redelivered TransactionCompleted
 * (the bus's inbox drops most) or a retried admin request returns the first certificate.
 */
export async function issueCertificates(
  deps: IssueDeps,
  requests: IssueRequest[],
  cause: Cause,
): Promise<IssueResult[]> {
  return deps.store.locked(cause, async (store) => {
    const results: IssueResult[] = [];
    const fresh: CertificateRecord[] = [];
    const purchases: CompletedPurchase[] = [];
    const known = await store.certificatesOf(requests.map((r) => r.purchase.transactionId));

    for (const request of requests) {
      const existing = alreadyIssued(request, known);
      if (existing) {
        results.push({ certificate: existing, created: false });
        continue;
      }
      const record = await signNew(deps, request, known);
      known.push(record);
      fresh.push(record);
      purchases.push(request.purchase);
      results.push({ certificate: record, created: true });
    }

    await persist(deps, store, fresh, purchases);
    return results;
  });
}

function alreadyIssued(request: IssueRequest, known: CertificateRecord[]) {
  const { transactionId } = request.purchase;
  return known.find((c) => c.transactionId === transactionId && c.reason === request.reason);
}

async function signNew(
  deps: IssueDeps,
  request: IssueRequest,
  known: CertificateRecord[],
): Promise<CertificateRecord> {
  const previous = latestOf(known, request.purchase.transactionId);
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
    leafIndex: -1,
    buyerOrganizationId: request.purchase.buyerOrganizationId,
    providerOrganizationId: request.purchase.providerOrganizationId,
    intermediaryOrganizationId: request.purchase.intermediaryOrganizationId,
    issuedAt,
    revokedAt: null,
    revocationReason: null,
  };
}

async function persist(
  deps: IssueDeps,
  store: LockedStore,
  fresh: CertificateRecord[],
  purchases: CompletedPurchase[],
): Promise<void> {
  if (fresh.length === 0) return;

  // 1. Leaves in issue order: each certificate's leaf is the hash of its exact JWS text.
  const encoder = new TextEncoder();
  const first = await store.appendLeaves(
    fresh.map((c) => deps.runtime.leafHash(encoder.encode(c.jws))),
  );
  fresh.forEach((c, i) => {
    c.leafIndex = first + i;
  });

  // 2. The certificates, then what they supersede, then the events, all in this transaction.
  await store.insertCertificates(fresh, purchases);
  await store.enqueue(fresh.map((c) => issuedEvent(deps.topic, c)));
  for (const c of fresh.filter((c) => c.supersedes !== null)) {
    const reason = `superseded by version ${c.version}`;
    await revokeWithin(deps, store, { transactionId: c.transactionId, reason, keep: c.id });
  }
}

function latestOf(known: CertificateRecord[], transactionId: string) {
  return known
    .filter((c) => c.transactionId === transactionId)
    .sort((a, b) => b.version - a.version)[0];
}

function issuedEvent(topic: string, c: CertificateRecord) {
  return {
    type: 'hcts.certificates.certificate-issued.v1',
    topic,
    key: c.id,
    data: {
      certificateId: c.id,
      transactionId: c.transactionId,
      version: c.version,
      supersedes: c.supersedes,
      keyId: c.keyId,
      leafIndex: c.leafIndex,
      issuedAt: c.issuedAt.toISOString(),
    },
  };
}
