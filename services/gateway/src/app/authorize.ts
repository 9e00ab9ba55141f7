import type { Role, Scope } from '@hcts/contracts';
import { scopeOf } from '@hcts/contracts';
import { GatewayError } from '../domain/errors.ts';
import type { OrganizationStatus } from './organization-roles.ts';
import type { Access } from './route-table.ts';

/** Who is calling, as the gateway resolved it from a session, access token or API key. */
export interface Caller {
  userId: string;
  organizationId: string | null;
  role: Role | null;
  organizationStatus: OrganizationStatus | null;
  via: 'session' | 'access-token' | 'api-key';
  /** An API key's scopes (`resource:action`); null for people, who have their role's all. */
  scopes: readonly string[] | null;
  apiKey?: { id: string; perMinute: number };
  /** The role or organization requires a second factor this person has not set up. */
  secondFactorMissing: boolean;
}

export type Decision =
  | {
      allowed: true;
      scope: Scope | 'public' | 'self';
      /** The owner a path parameter names, to check against the caller's organization. */
      mustOwn?: { of: 'user' | 'organization'; id: string };
    }
  | { allowed: false; error: GatewayError };

const deny = (error: GatewayError): Decision => ({ allowed: false, error });

/** The permission matrix applied to one route and one caller; deny unless granted. */
export function authorize(
  access: Access,
  caller: Caller | undefined,
  params: Readonly<Record<string, string | undefined>>,
): Decision {
  if (access.kind === 'public') return { allowed: true, scope: 'public' };
  if (!caller) return deny(new GatewayError('GATEWAY_UNAUTHENTICATED'));
  if (access.kind === 'signed-in') return { allowed: true, scope: 'self' };
  if (!caller.role || !caller.organizationId)
    return deny(new GatewayError('GATEWAY_NO_ORGANIZATION'));

  if (caller.secondFactorMissing) return deny(new GatewayError('GATEWAY_SECOND_FACTOR_REQUIRED'));

  const { resource, action } = access;
  const scope = scopeOf(caller.role, resource, action);
  if (!scope) return deny(new GatewayError('GATEWAY_FORBIDDEN', { resource, action }));
  if (caller.scopes && !caller.scopes.includes(`${resource}:${action}`)) {
    return deny(new GatewayError('GATEWAY_SCOPE_MISSING', { resource, action }));
  }
  if (access.trade && caller.organizationStatus !== 'verified') {
    const status = caller.organizationStatus ?? 'pending';
    return deny(new GatewayError('GATEWAY_ORGANIZATION_NOT_VERIFIED', { status }));
  }

  const ownerId = access.owner ? params[access.owner.param] : undefined;
  if (scope === 'own' && access.owner && ownerId) {
    if (access.owner.of === 'organization' && ownerId !== caller.organizationId) {
      return deny(new GatewayError('GATEWAY_NOT_OWNER'));
    }
    return { allowed: true, scope, mustOwn: { of: access.owner.of, id: ownerId } };
  }
  return { allowed: true, scope };
}
