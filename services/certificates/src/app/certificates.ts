import type { IssuerProfile } from '../domain/certificate-document.ts';
import { getBundle, getNewerCheckpoint } from './get-bundle.ts';
import { type IssueRequest, issueCertificates } from './issue-certificates.ts';
import type { Cause, CertificateRecord, CertificateStore, Runtime, Signer } from './ports.ts';
import { type RevokeRequest, revokeCertificates } from './revoke-certificates.ts';
import { sequenceAll, sequenceLog } from './sequence-log.ts';
import { signCheckpoint } from './sign-checkpoint.ts';

export interface CertificatesDeps {
  store: CertificateStore;
  signer: Signer;
  runtime: Runtime;
  issuer: IssuerProfile;
  topic: string;
  origin: string;
  encodeHash(hash: Uint8Array): string;
  onIssued?: () => void;
}

/** The service's commands and queries over one set of ports; adapters call only these. */
export function certificatesApp(deps: CertificatesDeps) {
  return Object.freeze({
    issue: (requests: IssueRequest[], cause: Cause) => issueCertificates(deps, requests, cause),
    revoke: (request: RevokeRequest, cause: Cause) => revokeCertificates(deps, request, cause),
    signCheckpoint: () => signCheckpoint(deps),
    sequence: () => sequenceLog(deps),
    sequenceAll: () => sequenceAll(deps),
    bundle: (certificate: CertificateRecord) => getBundle(deps, certificate),
    newerCheckpoint: (fromSize: number) => getNewerCheckpoint(deps, fromSize),
    store: deps.store,
  });
}

export type CertificatesApp = ReturnType<typeof certificatesApp>;
