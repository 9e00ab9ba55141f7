import { type Role, roleList } from '@hcts/contracts';
import { z } from 'zod';

/**
 * The claims the gateway puts in an access token beside the registered ones (iss, aud, exp,
 * nbf, iat, sub). Names are short because every forwarded request carries the token.
 */
export const AccessClaims = z.object({
  sub: z.string().min(1).max(100),
  org: z.string().min(1).max(100),
  role: z.enum(roleList as [Role, ...Role[]]),
  orgStatus: z.enum(['pending', 'verified', 'rejected', 'suspended']),
  scope: z.string().max(2000).optional(),
  kind: z.enum(['user', 'api-key']),
  /** `missing`: the caller's role or organization requires a second factor it has not set up. */
  sf: z.enum(['ok', 'missing']).optional(),
});
export type AccessClaims = z.infer<typeof AccessClaims>;

/** Who is calling, as a service sees it after verifying the token. */
export interface AccessIdentity {
  userId: string;
  organizationId: string;
  role: AccessClaims['role'];
  organizationStatus: AccessClaims['orgStatus'];
  /** Empty for people; an API key's granted scopes otherwise (`resource:action`). */
  scopes: readonly string[];
  via: AccessClaims['kind'];
  secondFactorMissing: boolean;
}

export function identityOf(claims: AccessClaims): AccessIdentity {
  return Object.freeze({
    userId: claims.sub,
    organizationId: claims.org,
    role: claims.role,
    organizationStatus: claims.orgStatus,
    scopes: Object.freeze(claims.scope ? claims.scope.split(' ').filter(Boolean) : []),
    via: claims.kind,
    secondFactorMissing: claims.sf === 'missing',
  });
}
