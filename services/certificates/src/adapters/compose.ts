import { Topics } from '@hcts/contracts';
import { type CertificatesApp, certificatesApp } from '../app/certificates.ts';
import type { CertificatesConfig } from '../config.ts';
import { encode } from './crypto/base64url.ts';
import { KeyRing } from './crypto/key-ring.ts';
import { rfc9162Sha256 } from './crypto/sha256.ts';
import { systemRuntime } from './crypto/system-runtime.ts';
import { type Database, openDatabase } from './postgres/database.ts';
import { migrate } from './postgres/migrations.ts';
import { PostgresCertificateStore } from './postgres/postgres-certificate-store.ts';
import { PostgresSigningKeyStore } from './postgres/postgres-signing-key-store.ts';

export interface Composed {
  app: CertificatesApp;
  keys: KeyRing;
  db: Database;
  close(): Promise<void>;
}

type ComposeConfig = Pick<
  CertificatesConfig,
  'databaseUrl' | 'kek' | 'publicBaseUrl' | 'issuerName' | 'validityDays' | 'logOrigin'
>;

/** Database, keys and app, wired; main.ts and the tests build the service the same way. */
export async function composeCertificates(config: ComposeConfig): Promise<Composed> {
  const db = openDatabase(config.databaseUrl);
  await migrate(db);
  const keys = await new KeyRing(new PostgresSigningKeyStore(db), config.kek).load();
  const store = new PostgresCertificateStore(db, rfc9162Sha256, systemRuntime.newId);

  const app = certificatesApp({
    store,
    signer: keys,
    runtime: systemRuntime,
    issuer: {
      id: config.publicBaseUrl,
      name: config.issuerName,
      validityDays: config.validityDays,
    },
    topic: Topics.certificates,
    origin: config.logOrigin,
    encodeHash: encode,
  });
  return { app, keys, db, close: () => db.destroy() };
}
