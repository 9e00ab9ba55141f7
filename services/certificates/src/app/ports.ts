import type { CertificateBundle, Checkpoint } from '../domain/checkpoint.ts';
import type { CompletedPurchase } from '../domain/completed-purchase.ts';

/** A stored certificate; the JWS is the certificate, the rest indexes it. */
export interface CertificateRecord {
  id: string;
  transactionId: string;
  version: number;
  supersedes: string | null;
  reason: string;
  verificationCode: string;
  keyId: string;
  jws: string;
  /** Null until the sequencer has appended the certificate to the log. */
  leafIndex: number | null;
  buyerOrganizationId: string;
  providerOrganizationId: string;
  intermediaryOrganizationId: string | null;
  issuedAt: Date;
  revokedAt: Date | null;
  revocationReason: string | null;
  /** What caused the issuance: the CertificateIssued event carries it on. */
  cause: Cause;
}

export interface SignedCheckpoint {
  checkpoint: Checkpoint;
  jws: string;
}

/** An integration event to publish with the state change (transactional outbox). */
export interface OutgoingEvent {
  type: string;
  topic: string;
  key: string;
  data: Record<string, unknown>;
  /** Overrides the unit of work's cause (the sequencer publishes for many causes at once). */
  cause?: Cause;
}

export interface Revocation {
  certificateId: string;
  transactionId: string;
  revokedAt: Date;
  reason: string;
}

/** The certificate tables inside one database transaction. */
export interface StoreTransaction {
  /** Serializes issuance per transaction id, so that versions are computed once. */
  lockTransactions(transactionIds: string[]): Promise<void>;
  /** Serializes revocations, so that each signed status list includes all before it. */
  lockStatusList(): Promise<void>;
  certificatesOf(transactionIds: string[]): Promise<CertificateRecord[]>;
  insertCertificates(records: CertificateRecord[], purchases: CompletedPurchase[]): Promise<void>;
  /** Revokes the transaction's live certificates, except `keep`; returns what it revoked. */
  revoke(transactionId: string, reason: string, at: Date, keep?: string): Promise<Revocation[]>;
  revokedEntries(): Promise<Revocation[]>;
  saveStatusList(jws: string, count: number, at: Date): Promise<void>;
  enqueue(events: OutgoingEvent[]): Promise<void>;
}

/** The same, also holding the log's lock: only the sequencer appends. */
export interface LogTransaction extends StoreTransaction {
  /** Certificates not in the log yet, oldest first. */
  pendingLeaves(limit: number): Promise<CertificateRecord[]>;
  appendLeaves(leafHashes: Uint8Array[]): Promise<number>;
  assignLeaves(assignments: Array<{ id: string; leafIndex: number }>): Promise<void>;
}

/** Who and what caused a change: carried onto the events it publishes. */
export interface Cause {
  correlationId: string;
  causationId?: string | null;
  actor: {
    userId: string | null;
    organizationId: string | null;
    role: 'admin' | 'provider' | 'insurer' | 'intermediary' | 'system';
  };
}

export interface CertificateStore {
  /** Runs the work in one database transaction. */
  unit<T>(cause: Cause, work: (store: StoreTransaction) => Promise<T>): Promise<T>;
  /** Runs the work in one database transaction holding the log's lock. */
  locked<T>(cause: Cause, work: (store: LogTransaction) => Promise<T>): Promise<T>;
  byId(id: string): Promise<CertificateRecord | undefined>;
  byCode(code: string): Promise<CertificateRecord | undefined>;
  purchase(transactionId: string): Promise<CompletedPurchase | undefined>;
  byOrganization(organizationId: string, limit: number): Promise<CertificateRecord[]>;
  logSize(): Promise<number>;
  logRoot(size: number): Promise<Uint8Array>;
  inclusionProof(index: number, size: number): Promise<Uint8Array[]>;
  consistencyProof(first: number, second: number): Promise<Uint8Array[]>;
  latestCheckpoint(): Promise<SignedCheckpoint | undefined>;
  saveCheckpoint(signed: SignedCheckpoint, keyId: string): Promise<SignedCheckpoint>;
  latestStatusList(): Promise<string | undefined>;
}

export interface Signer {
  sign(payload: unknown, typ: string): Promise<{ jws: string; kid: string }>;
}

/** What the app needs from the runtime: time, ids and secrets are injected, never global. */
export interface Runtime {
  now(): Date;
  newId(): string;
  /** At least 128 random bits, URL-safe. */
  newVerificationCode(): string;
  leafHash(entry: Uint8Array): Uint8Array;
}

export type { CertificateBundle };
