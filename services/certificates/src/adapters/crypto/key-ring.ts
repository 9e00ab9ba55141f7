import { createPrivateKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { CompactSign, calculateJwkThumbprint, createLocalJWKSet, exportJWK, type JWK } from 'jose';
import { seal, unseal } from './key-sealing.ts';

export interface SigningKeyRecord {
  kid: string;
  publicJwk: JWK;
  sealedPrivateKey: Buffer;
  createdAt: Date;
  retiredAt: Date | null;
}

/** Where keys persist; the sealed private key is all that is ever written. */
export interface SigningKeyStore {
  list(): Promise<SigningKeyRecord[]>;
  /** Adds a key and retires every other active key at the same instant. */
  addActive(record: SigningKeyRecord): Promise<void>;
}

export interface Jwks {
  keys: JWK[];
}

interface LoadedKey {
  record: SigningKeyRecord;
  privateKey: KeyObject;
}

/**
 * Ed25519 signing keys with ids (RFC 7638 thumbprints). One key signs; retired keys stay in
 * the JWKS so that everything they signed still verifies.
 */
export class KeyRing {
  readonly #store: SigningKeyStore;
  readonly #kek: Buffer;
  readonly #now: () => Date;
  #keys: LoadedKey[] = [];
  #keySet: ReturnType<typeof createLocalJWKSet> | undefined;

  constructor(store: SigningKeyStore, kek: Buffer, now: () => Date = () => new Date()) {
    this.#store = store;
    this.#kek = kek;
    this.#now = now;
  }

  /** Loads the stored keys, creating the first one on a fresh store. */
  async load(): Promise<this> {
    const records = await this.#store.list();
    this.#keys = records.map((record) => ({
      record,
      privateKey: createPrivateKey({
        key: unseal(this.#kek, record.sealedPrivateKey, record.kid),
        format: 'der',
        type: 'pkcs8',
      }),
    }));
    this.#keySet = undefined;
    if (!this.#keys.some((k) => k.record.retiredAt === null)) await this.rotate();
    return this;
  }

  /** Makes a new key the signing key; the previous one stays published for verification. */
  async rotate(): Promise<string> {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const jwk = await exportJWK(publicKey);
    const kid = await calculateJwkThumbprint(jwk);
    const publicJwk: JWK = { ...jwk, kid, alg: 'EdDSA', use: 'sig' };
    const der = privateKey.export({ format: 'der', type: 'pkcs8' });
    const record: SigningKeyRecord = {
      kid,
      publicJwk,
      sealedPrivateKey: seal(this.#kek, der, kid),
      createdAt: this.#now(),
      retiredAt: null,
    };

    await this.#store.addActive(record);
    await this.load();
    return kid;
  }

  get activeKeyId(): string {
    return this.#active().record.kid;
  }

  jwks(): Jwks {
    return { keys: this.#keys.map((k) => ({ ...k.record.publicJwk })) };
  }

  /** The public keys as a jose key set, built once per load: it caches imported keys. */
  keySet(): ReturnType<typeof createLocalJWKSet> {
    this.#keySet ??= createLocalJWKSet(this.jwks());
    return this.#keySet;
  }

  /** A compact JWS (EdDSA) of the JSON payload, typed so that one kind is never another. */
  async sign(payload: unknown, typ: string): Promise<{ jws: string; kid: string }> {
    const key = this.#active();
    const bytes = new TextEncoder().encode(JSON.stringify(payload));
    const jws = await new CompactSign(bytes)
      .setProtectedHeader({ alg: 'EdDSA', kid: key.record.kid, typ })
      .sign(key.privateKey);
    return { jws, kid: key.record.kid };
  }

  #active(): LoadedKey {
    const active = this.#keys
      .filter((k) => k.record.retiredAt === null)
      .sort((a, b) => b.record.createdAt.getTime() - a.record.createdAt.getTime())[0];
    if (!active) throw new Error('no active signing key: load() the key ring first');
    return active;
  }
}
