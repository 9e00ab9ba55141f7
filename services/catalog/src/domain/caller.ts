/** Who calls, as the gateway vouches for it. */
export interface Caller {
  userId: string;
  organizationId: string;
  role: 'admin' | 'provider' | 'insurer' | 'intermediary';
}

/** Providers act on their own organization's services; admins on any. */
export function canManage(caller: Caller, providerOrganizationId: string): boolean {
  if (caller.role === 'admin') return true;
  return caller.role === 'provider' && caller.organizationId === providerOrganizationId;
}
