import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { PriceFileVault, StoredPriceFile } from '../../app/price-files/price-file-vault.ts';

const algorithm = 'aes-256-gcm';

function seal(key: Buffer, plain: Buffer, aad: string): { iv: Buffer; tag: Buffer; data: Buffer } {
  const iv = randomBytes(12);
  const cipher = createCipheriv(algorithm, key, iv).setAAD(Buffer.from(aad));
  const data = Buffer.concat([cipher.update(plain), cipher.final()]);
  return { iv, tag: cipher.getAuthTag(), data };
}

function open(key: Buffer, sealed: { iv: Buffer; tag: Buffer; data: Buffer }, aad: string): Buffer {
  const decipher = createDecipheriv(algorithm, key, sealed.iv).setAAD(Buffer.from(aad));
  decipher.setAuthTag(sealed.tag);
  return Buffer.concat([decipher.update(sealed.data), decipher.final()]);
}

/**
 * Price files at rest: each organization has its own random AES-256 key, stored wrapped
 * (AES-256-GCM) under the master key from the configuration; each file is sealed under its
 * organization's key with the file id and organization as associated data, so a row copied to
 * another file or organization fails to open. The key reference (key id) sits beside the file.
 *
 * Known limit: the master key comes from a variable; a KMS holding it, with key rotation that
 * re-wraps the organization keys, would lift it.
 */
export class PostgresPriceFileVault implements PriceFileVault {
  readonly #db: Kysely<unknown>;
  readonly #master: Buffer;

  constructor(db: Kysely<unknown>, masterKeyBase64: string) {
    this.#db = db;
    this.#master = Buffer.from(masterKeyBase64, 'base64');
  }

  async put(
    file: Omit<StoredPriceFile, 'keyId' | 'sha256' | 'sizeBytes' | 'uploadedAt'>,
    bytes: Uint8Array,
  ): Promise<StoredPriceFile> {
    const { keyId, key } = await this.#organizationKey(file.organizationId);
    const plain = Buffer.from(bytes);
    const sealed = seal(key, plain, `${file.fileId}:${file.organizationId}`);
    const sha256 = createHash('sha256').update(plain).digest('hex');
    const { rows } = await sql<{ uploaded_at: Date }>`
      insert into catalog_price_file (file_id, organization_id, key_id, content_type, size_bytes,
        sha256, iv, auth_tag, ciphertext, report, uploaded_by)
      values (${file.fileId}, ${file.organizationId}, ${keyId}, ${file.contentType}, ${plain.length},
        ${sha256}, ${sealed.iv}, ${sealed.tag}, ${sealed.data}, ${JSON.stringify(file.report)}, ${file.uploadedBy})
      returning uploaded_at`.execute(this.#db);
    return {
      ...file,
      keyId,
      sha256,
      sizeBytes: plain.length,
      uploadedAt: (rows[0]?.uploaded_at ?? new Date()).toISOString(),
    };
  }

  async get(fileId: string): Promise<{ file: StoredPriceFile; bytes: Buffer } | undefined> {
    const { rows } = await sql<FileRow>`
      select f.*, k.wrapped_key from catalog_price_file f
      join catalog_org_key k on k.key_id = f.key_id where f.file_id = ${fileId}`.execute(this.#db);
    const row = rows[0];
    if (row === undefined) return undefined;
    const key = this.#unwrap(row.wrapped_key, row.organization_id);
    const bytes = open(
      key,
      { iv: row.iv, tag: row.auth_tag, data: row.ciphertext },
      `${row.file_id}:${row.organization_id}`,
    );
    return { file: toFile(row), bytes };
  }

  async #organizationKey(organizationId: string): Promise<{ keyId: string; key: Buffer }> {
    const fresh = randomBytes(32);
    const wrapped = this.#wrap(fresh, organizationId);
    // Two first uploads at once: the insert that loses keeps the winner's key.
    await sql`
      insert into catalog_org_key (key_id, organization_id, wrapped_key)
      values (gen_random_uuid(), ${organizationId}, ${wrapped})
      on conflict (organization_id) do nothing`.execute(this.#db);
    const { rows } = await sql<{ key_id: string; wrapped_key: Buffer }>`
      select key_id, wrapped_key from catalog_org_key where organization_id = ${organizationId}`.execute(
      this.#db,
    );
    const row = rows[0];
    if (row === undefined) throw new Error('organization key vanished');
    return { keyId: row.key_id, key: this.#unwrap(row.wrapped_key, organizationId) };
  }

  #wrap(key: Buffer, organizationId: string): Buffer {
    const sealed = seal(this.#master, key, `org-key:${organizationId}`);
    return Buffer.concat([sealed.iv, sealed.tag, sealed.data]);
  }

  #unwrap(wrapped: Buffer, organizationId: string): Buffer {
    const sealed = {
      iv: wrapped.subarray(0, 12),
      tag: wrapped.subarray(12, 28),
      data: wrapped.subarray(28),
    };
    return open(this.#master, sealed, `org-key:${organizationId}`);
  }
}

interface FileRow {
  file_id: string;
  organization_id: string;
  key_id: string;
  content_type: string;
  size_bytes: number;
  sha256: string;
  iv: Buffer;
  auth_tag: Buffer;
  ciphertext: Buffer;
  report: StoredPriceFile['report'];
  uploaded_by: string;
  uploaded_at: Date;
  wrapped_key: Buffer;
}

function toFile(row: FileRow): StoredPriceFile {
  return {
    fileId: row.file_id,
    organizationId: row.organization_id,
    keyId: row.key_id,
    contentType: row.content_type,
    sizeBytes: row.size_bytes,
    sha256: row.sha256,
    report: row.report,
    uploadedBy: row.uploaded_by,
    uploadedAt: row.uploaded_at.toISOString(),
  };
}
