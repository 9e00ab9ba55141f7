import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** Keys the services need at start; each one must outlive a restart of `npm start`. */
export interface PlatformSecrets {
  /** The gateway's Better Auth secret (sessions, signed cookies). */
  authSecret: string;
  /** Catalog: wraps each organization's price-file key. */
  priceFileMasterKey: string;
  /** Certificates: seals the signing keys at rest. */
  certificatesKek: string;
  /** Shared by the sandbox payment gateway and payments to sign and verify webhooks. */
  sandboxWebhookSecret: string;
  /** Key of the address digests in security events, one for gateway and payments alike. */
  securityDigestSalt: string;
}

export function randomSecrets(): PlatformSecrets {
  return {
    authSecret: randomBytes(32).toString('base64url'),
    priceFileMasterKey: randomBytes(32).toString('base64'),
    certificatesKek: randomBytes(32).toString('base64'),
    sandboxWebhookSecret: `whsec_${randomBytes(24).toString('base64')}`,
    securityDigestSalt: randomBytes(24).toString('base64url'),
  };
}

/**
 * The secrets of this machine's local platform, made once and kept in the state folder (mode
 * 600, outside the repository): sealed keys in the databases stay readable across restarts.
 */
export function localSecrets(file: string): PlatformSecrets {
  const kept = existsSync(file)
    ? (JSON.parse(readFileSync(file, 'utf8')) as Partial<PlatformSecrets>)
    : {};
  // A key added since the file was written is made now and kept beside the others.
  const secrets = { ...randomSecrets(), ...kept };
  if (Object.keys(kept).length === Object.keys(secrets).length) return secrets;

  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
  return secrets;
}
