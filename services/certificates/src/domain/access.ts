/** The caller as the service sees it, after the token was verified. */
export interface Caller {
  userId: string;
  organizationId: string;
  role: 'admin' | 'provider' | 'insurer' | 'intermediary';
}

/** Parties of a certificate: the organizations that may read it besides admins. */
export interface CertificateParties {
  buyerOrganizationId: string;
  providerOrganizationId: string;
  intermediaryOrganizationId: string | null;
}

export type ReadScope = 'all' | 'own' | undefined;

/** Ownership check on top of the permission matrix's scope: 'own' means a party to it. */
export function mayRead(caller: Caller, scope: ReadScope, parties: CertificateParties): boolean {
  if (scope === 'all') return true;
  if (scope !== 'own') return false;
  const org = caller.organizationId;
  return (
    parties.buyerOrganizationId === org ||
    parties.providerOrganizationId === org ||
    parties.intermediaryOrganizationId === org
  );
}
