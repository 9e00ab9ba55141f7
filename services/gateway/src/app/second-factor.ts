import type { Role } from '@hcts/contracts';

/**
 * Whether a person lacks a second factor they must have: their role is one that requires it
 * (by default admins and the roles that move money), or their organization requires it for
 * everyone. API keys are machine credentials and are never asked.
 */
export function secondFactorMissing(
  role: Role | null,
  organizationRequires: boolean,
  enrolled: boolean,
  requiredRoles: readonly string[],
): boolean {
  if (enrolled || !role) return false;
  return organizationRequires || requiredRoles.includes(role);
}
