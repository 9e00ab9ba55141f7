import { createOutbox } from '@hcts/bus';
import { Topics } from '@hcts/contracts';
import type { CertificatesDeps } from '../app/certificates.ts';
import { type CertificatesApp, certificatesApp } from '../app/certificates.ts';
import type { IssuerProfile } from '../domain/certificate-document.ts';
import { encode } from './crypto/base64url.ts';
import { KeyRing } from './crypto/key-ring.ts';
import { rfc9162Sha256 } from './crypto/sha256.ts';
import { systemRuntime } from './crypto/system-runtime.ts';
import { type DatabaseHandle, openDatabase } from './postgres/database.ts';
import { migrations } from './postgres/migrations.ts';
import { PostgresCertificateStore } from './postgres/postgres-certificate-store.ts';
import { PostgresSigningKeyStore } from './postgres/postgres-signing-key-store.ts';
import { Sequencer } from './sequencer.ts';

export const eventSource = 'hcts/certificates';

export interface CoreConfig {
  databaseUrl: string;
  databasePoolMax?: number;
  kek: Buffer;
  issuer: IssuerProfile;
  logOrigin: string;
  onSequencerError?: (err: unknown) => void;
}

export interface Composed {
  app: CertificatesApp;
  deps: CertificatesDeps;
  store: PostgresCertificateStore;
  keys: KeyRing;
  sequencer: Sequencer;
  database: DatabaseHandle;
  close(): Promise<void>;
}

/** Database, keys and app, wired; main.ts and the tests build the service the same way. */
export async function composeCertificates(config: CoreConfig): Promise<Composed> {
  const database = openDatabase(config.databaseUrl, config.databasePoolMax);
  await database.migrate(migrations);
  const keys = await new KeyRing(new PostgresSigningKeyStore(database.db), config.kek).load();
  const outbox = createOutbox({ source: eventSource });
  const store = new PostgresCertificateStore(database.db, rfc9162Sha256, outbox);

  const sequencer = new Sequencer(
    () => app.sequence(),
    (err) => config.onSequencerError?.(err),
  );
  const deps: CertificatesDeps = {
    store,
    signer: keys,
    runtime: systemRuntime,
    issuer: config.issuer,
    topic: Topics.certificates,
    origin: config.logOrigin,
    encodeHash: encode,
    onIssued: () => sequencer.kick(),
  };
  const app = certificatesApp(deps);
  const close = async () => {
    await sequencer.stop();
    await database.close();
  };
  return { app, deps, store, keys, sequencer, database, close };
}
