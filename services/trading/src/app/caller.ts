import { type Role, roleList } from '@hcts/contracts';
import type { Actor } from '../domain/types.ts';

/** Who is calling, as the gateway vouches for it. */
export interface Caller {
  readonly userId: string;
  readonly organizationId: string;
  readonly role: Role;
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (roleList as readonly string[]).includes(value);
}

export function actorOf(caller: Caller): Actor {
  return { userId: caller.userId, organizationId: caller.organizationId, role: caller.role };
}
