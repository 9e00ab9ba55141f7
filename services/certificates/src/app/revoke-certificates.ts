import { SignedTypes } from '../domain/certificate-document.ts';
import type {
  Cause,
  CertificateStore,
  Revocation,
  Runtime,
  Signer,
  StoreTransaction,
} from './ports.ts';

export interface RevokeDeps {
  store: CertificateStore;
  signer: Signer;
  runtime: Runtime;
  topic: string;
}

export interface RevokeRequest {
  transactionId: string;
  reason: string;
}

/** Revokes every live certificate of a transaction, e.g. on refund; again, it is a no-op. */
export async function revokeCertificates(
  deps: RevokeDeps,
  request: RevokeRequest,
  cause: Cause,
): Promise<Revocation[]> {
  return deps.store.unit(cause, (store) => revokeWithin(deps, store, request));
}

/**
 * Inside a held lock: revoke, publish CertificateRevoked, and sign the new status list in the
 * same transaction, so that the published list never lags the table.
 */
export async function revokeWithin(
  deps: Pick<RevokeDeps, 'signer' | 'runtime' | 'topic'>,
  store: StoreTransaction,
  request: { transactionId: string; reason: string; keep?: string },
): Promise<Revocation[]> {
  await store.lockStatusList();
  const at = deps.runtime.now();
  const revoked = await store.revoke(request.transactionId, request.reason, at, request.keep);
  if (revoked.length === 0) return [];

  await store.enqueue(revoked.map((r) => revokedEvent(deps.topic, r)));
  await signStatusList(deps, store, at);
  return revoked;
}

/**
 * Known limit: the status list is re-signed whole on each revocation, O(revocations) per
 * change. Fine for refunds at marketplace volume; a W3C Bitstring Status List with a fixed
 * index per certificate would make each change O(1) in size.
 */
async function signStatusList(
  deps: Pick<RevokeDeps, 'signer'>,
  store: StoreTransaction,
  at: Date,
): Promise<void> {
  const entries = await store.revokedEntries();
  const payload = {
    type: 'SignedRevocationList',
    issued: at.toISOString(),
    revoked: entries.map((e) => ({
      certificateId: e.certificateId,
      revokedAt: e.revokedAt.toISOString(),
      reason: e.reason,
    })),
  };
  const { jws } = await deps.signer.sign(payload, SignedTypes.statusList);
  await store.saveStatusList(jws, entries.length, at);
}

function revokedEvent(topic: string, r: Revocation) {
  return {
    type: 'hcts.certificates.certificate-revoked.v1',
    topic,
    key: r.certificateId,
    data: {
      certificateId: r.certificateId,
      transactionId: r.transactionId,
      reason: r.reason,
      revokedAt: r.revokedAt.toISOString(),
    },
  };
}
