import { type Caller, mayRead, type ReadScope } from '../domain/access.ts';
import { CertificatesError } from '../domain/errors.ts';
import type { CertificateRecord, CertificateStore } from './ports.ts';

export interface ReadDeps {
  store: CertificateStore;
  scopeOf(caller: Caller): ReadScope;
}

/** One certificate, if the caller may see it; a stranger gets the same answer as a miss. */
export async function readCertificate(
  deps: ReadDeps,
  caller: Caller,
  id: string,
): Promise<CertificateRecord> {
  const record = await deps.store.byId(id);
  if (!record || !mayRead(caller, deps.scopeOf(caller), record)) {
    throw new CertificatesError('CERTIFICATES_NOT_FOUND', { id });
  }
  return record;
}

/**
 * The certificates of the caller's own organization, newest first; the path's user must be the
 * caller. Known limit: an admin cannot list another user's, because users' memberships live in
 * the gateway; an identity event projection here would lift it.
 */
export async function listForUser(
  deps: ReadDeps,
  caller: Caller,
  userId: string,
  limit: number,
): Promise<CertificateRecord[]> {
  if (caller.userId !== userId || deps.scopeOf(caller) === undefined) {
    throw new CertificatesError('CERTIFICATES_NO_ACCESS', { action: 'list' });
  }
  return deps.store.byOrganization(caller.organizationId, limit);
}
