import type { Role } from '@hcts/contracts';

/** What a person has shown of a second factor; either one satisfies the rule. */
export interface SecondFactorState {
  /** TOTP is set up, so every password sign-in of this person also asks for a code. */
  totpEnrolled: boolean;
  /** This session was opened with a passkey verified by its PIN or biometrics. */
  passkeySession: boolean;
}

/**
 * Whether a person lacks a second factor they must have: their role is one that requires it
 * (by default admins and the roles that move money), or their organization requires it for
 * everyone. API keys are machine credentials and are never asked.
 *
 * A passkey counts for the sessions it opens, not for the person: Better Auth does not ask for
 * the passkey at a password sign-in, so a password session of someone who has only a passkey
 * holds one factor.
 */
export function secondFactorMissing(
  role: Role | null,
  organizationRequires: boolean,
  state: SecondFactorState,
  requiredRoles: readonly string[],
): boolean {
  if (state.totpEnrolled || state.passkeySession || !role) return false;
  return organizationRequires || requiredRoles.includes(role);
}
