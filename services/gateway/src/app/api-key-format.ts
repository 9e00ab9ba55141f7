import { createHash, randomBytes } from 'node:crypto';
import type { Action, Resource, Role } from '@hcts/contracts';
import { Actions, Resources, scopeOf } from '@hcts/contracts';

/** Keys are recognisable by prefix in logs and secret scanners, and carry 256 random bits. */
export const apiKeyPrefix = 'hcts_';

export function newApiKey(): { key: string; start: string; hash: string } {
  const key = `${apiKeyPrefix}${randomBytes(32).toString('base64url')}`;
  return { key, start: key.slice(0, apiKeyPrefix.length + 6), hash: hashApiKey(key) };
}

// A fast digest is enough: the key is 256 random bits, so there is nothing to brute-force.
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

export function looksLikeApiKey(credential: string): boolean {
  return credential.startsWith(apiKeyPrefix) && credential.length > apiKeyPrefix.length + 20;
}

/** A scope is `resource:action`; a key may only hold scopes its organization's role has. */
export function invalidScopes(role: Role, scopes: readonly string[]): string[] {
  return scopes.filter((scope) => {
    const [resource, action] = scope.split(':');
    if (!Object.hasOwn(Resources, resource ?? '') || !Object.hasOwn(Actions, action ?? '')) {
      return true;
    }
    return scopeOf(role, resource as Resource, action as Action) === undefined;
  });
}
