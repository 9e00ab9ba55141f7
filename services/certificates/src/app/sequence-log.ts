import type { Cause, CertificateRecord, CertificateStore, Runtime } from './ports.ts';

export interface SequenceDeps {
  store: CertificateStore;
  runtime: Runtime;
  topic: string;
}

const systemCause: Cause = {
  correlationId: 'certificates-sequencer',
  causationId: null,
  actor: { userId: null, organizationId: null, role: 'system' },
};

/**
 * Appends waiting certificates to the Merkle log, oldest first, in one batch under the log's
 * lock, and publishes CertificateIssued for each with its leaf index and its own cause. The
 * leaf is the hash of the certificate's exact JWS text. Returns how many it appended.
 */
export async function sequenceLog(deps: SequenceDeps, limit = 1000): Promise<number> {
  return deps.store.locked(systemCause, async (log) => {
    const pending = await log.pendingLeaves(limit);
    if (pending.length === 0) return 0;

    const encoder = new TextEncoder();
    const leaves = pending.map((c) => deps.runtime.leafHash(encoder.encode(c.jws)));
    const first = await log.appendLeaves(leaves);
    const assigned = pending.map((c, i) => ({ ...c, leafIndex: first + i }));

    await log.assignLeaves(assigned.map((c) => ({ id: c.id, leafIndex: c.leafIndex })));
    await log.enqueue(assigned.map((c) => issuedEvent(deps.topic, c)));
    return pending.length;
  });
}

/** Appends until nothing waits; for on-demand callers that need a leaf index now. */
export async function sequenceAll(deps: SequenceDeps): Promise<void> {
  while ((await sequenceLog(deps)) > 0) {
    // Each pass takes the lock anew, so that a long backlog does not starve other writers.
  }
}

function issuedEvent(topic: string, c: CertificateRecord & { leafIndex: number }) {
  return {
    type: 'hcts.certificates.certificate-issued.v1',
    topic,
    key: c.id,
    cause: c.cause,
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
