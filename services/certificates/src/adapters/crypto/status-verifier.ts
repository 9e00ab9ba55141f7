import { z } from 'zod';
import { SignedTypes } from '../../domain/certificate-document.ts';
import { type KeySet, verifySigned } from './bundle-verifier.ts';

/** The answer of `GET /api/certificates/status`, or the status list JWS on its own. */
const StatusInput = z.union([
  z.strictObject({ statusList: z.string().min(1).max(10_000_000).nullable() }),
  z.string().min(1).max(10_000_000),
]);

const StatusListPayload = z.object({
  type: z.literal('SignedRevocationList'),
  issued: z.iso.datetime(),
  revoked: z.array(
    z.object({ certificateId: z.string(), revokedAt: z.iso.datetime(), reason: z.string() }),
  ),
});

export type Revocation =
  /** No list was given, or the issuer has published none yet (nothing ever revoked). */
  | { status: 'not-checked'; reason: 'no-status-list' | 'none-published' }
  /** The list's signature or shape is wrong: a failure, never a pass. */
  | { status: 'invalid-status-list' }
  | { status: 'not-revoked'; listIssued: string }
  | { status: 'revoked'; listIssued: string; revokedAt: string; reason: string };

/**
 * Looks the certificate up in a signed status list. The list is only as fresh as its `issued`
 * time: a certificate revoked after that still shows `not-revoked`, so the caller prints it.
 */
export async function checkRevocation(
  statusInput: unknown,
  keys: KeySet,
  certificateUrn: string,
): Promise<Revocation> {
  if (statusInput === undefined) return { status: 'not-checked', reason: 'no-status-list' };
  const parsed = StatusInput.safeParse(statusInput);
  if (!parsed.success) return { status: 'invalid-status-list' };
  const jws = typeof parsed.data === 'string' ? parsed.data : parsed.data.statusList;
  if (jws === null) return { status: 'not-checked', reason: 'none-published' };

  const list = StatusListPayload.safeParse(await verifySigned(jws, keys, SignedTypes.statusList));
  if (!list.success) return { status: 'invalid-status-list' };

  const id = certificateUrn.replace(/^urn:uuid:/, '');
  const entry = list.data.revoked.find((r) => r.certificateId === id);
  const listIssued = list.data.issued;
  if (!entry) return { status: 'not-revoked', listIssued };
  return { status: 'revoked', listIssued, revokedAt: entry.revokedAt, reason: entry.reason };
}
