import type { AccessTokenVerifier } from '@hcts/auth';
import type { CertificatesApp } from '../../app/certificates.ts';
import type { IssueDeps } from '../../app/issue-certificates.ts';
import type { ReadDeps } from '../../app/read-certificates.ts';
import type { VerifyDeps } from '../../app/verify-code.ts';
import type { KeyRing } from '../crypto/key-ring.ts';

export interface HttpDeps {
  app: CertificatesApp;
  issue: IssueDeps;
  read: ReadDeps;
  verify: VerifyDeps;
  keys: KeyRing;
  verifyToken: AccessTokenVerifier;
  publicBaseUrl: string;
  verifyRateLimitPerMinute: number;
}
