import type { JWK } from 'jose';
import type { SigningKeyRecord, SigningKeyStore } from '../crypto/key-ring.ts';
import type { Database } from './database.ts';

export class PostgresSigningKeyStore implements SigningKeyStore {
  readonly #db: Database;

  constructor(db: Database) {
    this.#db = db;
  }

  async list(): Promise<SigningKeyRecord[]> {
    const rows = await this.#db
      .selectFrom('signing_keys')
      .selectAll()
      .orderBy('created_at')
      .execute();
    return rows.map((r) => ({
      kid: r.kid,
      publicJwk: r.public_jwk as JWK,
      sealedPrivateKey: r.sealed_private_key,
      createdAt: r.created_at,
      retiredAt: r.retired_at,
    }));
  }

  async addActive(record: SigningKeyRecord): Promise<void> {
    await this.#db.transaction().execute(async (trx) => {
      await trx
        .updateTable('signing_keys')
        .set({ retired_at: record.createdAt })
        .where('retired_at', 'is', null)
        .execute();
      await trx
        .insertInto('signing_keys')
        .values({
          kid: record.kid,
          public_jwk: JSON.stringify(record.publicJwk),
          sealed_private_key: record.sealedPrivateKey,
          created_at: record.createdAt,
          retired_at: null,
        })
        .execute();
    });
  }
}
