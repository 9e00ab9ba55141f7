import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const ivLength = 12;
const tagLength = 16;

/**
 * AES-256-GCM envelope for private keys at rest: iv || tag || ciphertext. The key id is bound as
 * additional data, so a sealed key moved to another row does not open.
 */
export function seal(kek: Buffer, plaintext: Buffer, keyId: string): Buffer {
  assertKek(kek);
  const iv = randomBytes(ivLength);
  const cipher = createCipheriv('aes-256-gcm', kek, iv, { authTagLength: tagLength });
  cipher.setAAD(Buffer.from(keyId, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]);
}

/** Throws when the KEK is wrong or a byte of the sealed key or its id changed. */
export function unseal(kek: Buffer, sealed: Buffer, keyId: string): Buffer {
  assertKek(kek);
  const iv = sealed.subarray(0, ivLength);
  const tag = sealed.subarray(ivLength, ivLength + tagLength);
  const decipher = createDecipheriv('aes-256-gcm', kek, iv, { authTagLength: tagLength });
  decipher.setAAD(Buffer.from(keyId, 'utf8'));
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(sealed.subarray(ivLength + tagLength)), decipher.final()]);
}

function assertKek(kek: Buffer): void {
  if (kek.length !== 32) throw new RangeError('the key-encryption key must be 32 bytes');
}
