/**
 * Strict base64url: Node's decoder ignores stray characters and the spare bits of the last
 * character, so two different texts can decode to the same bytes. A verifier that must notice
 * every changed byte accepts only the one canonical text of each value.
 */
export function decodeStrict(text: string): Uint8Array {
  const bytes = Buffer.from(text, 'base64url');
  if (bytes.toString('base64url') !== text) throw new Error('not canonical base64url');
  return new Uint8Array(bytes);
}

export function encode(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64url');
}

export function assertCanonicalCompactJws(jws: string): void {
  const parts = jws.split('.');
  if (parts.length !== 3) throw new Error('not a compact JWS');
  for (const part of parts) decodeStrict(part);
}
