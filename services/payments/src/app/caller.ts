import { type Action, type Role, roleList, scopeOf } from '@hcts/contracts';
import { PaymentError } from '../domain/errors.ts';

/** Who is calling, as the gateway vouches for it. */
export interface Caller {
  readonly userId: string;
  readonly organizationId: string;
  readonly role: Role;
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (roleList as readonly string[]).includes(value);
}

/** The caller's scope for an action on payments; a denied action is an error. */
export function paymentsScope(caller: Caller, action: Action): 'all' | 'own' {
  const scope = scopeOf(caller.role, 'payments', action);
  if (!scope) throw new PaymentError('PAYMENTS_FORBIDDEN', { action });
  return scope;
}
