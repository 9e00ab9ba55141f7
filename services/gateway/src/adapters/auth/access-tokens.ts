import type { AccessIdentity, AccessTokenVerifier } from '@hcts/auth';
import { createAccessTokenVerifier, TokenError, TokenErrorCodes } from '@hcts/auth';
import type { JSONWebKeySet } from 'jose';
import type { Caller } from '../../app/authorize.ts';
import type { Identity } from './identity.ts';

const reloadCooldownMs = 30_000;
const maxCachedTokens = 10_000;

/**
 * Verifies access tokens presented to the gateway against its own keys (loaded once, reloaded
 * when an unseen kid appears, at most every 30 s), and mints tokens for callers who came with
 * a session or an API key. A minted token is reused until a minute before it expires, so the
 * signing key is not read and decrypted on every request.
 */
export function createAccessTokens(
  identity: Identity,
  options: { issuer: string; audience: string; ttlSeconds: number },
) {
  let verifier: AccessTokenVerifier | undefined;
  let loadedAt = 0;
  const minted = new Map<string, { token: string; renewAt: number }>();

  const reload = async () => {
    const jwks = (await identity.api.getJwks()) as JSONWebKeySet;
    verifier = createAccessTokenVerifier({ ...options, jwks });
    loadedAt = Date.now();
  };

  const verify = async (token: string): Promise<AccessIdentity> => {
    if (!verifier) await reload();
    try {
      return await verifier!(token);
    } catch (error) {
      const stale = Date.now() - loadedAt > reloadCooldownMs;
      if (!(error instanceof TokenError) || error.code !== TokenErrorCodes.key || !stale) {
        throw error;
      }
      await reload();
      return verifier!(token);
    }
  };

  const mint = async (cacheKey: string, caller: Caller): Promise<string> => {
    const cached = minted.get(cacheKey);
    if (cached && cached.renewAt > Date.now()) return cached.token;

    const { token } = await identity.api.signJWT({ body: { payload: claimsOf(caller) } });
    if (minted.size >= maxCachedTokens) minted.clear();
    const lifetimeMs = options.ttlSeconds * 1000;
    minted.set(cacheKey, {
      token,
      renewAt: Date.now() + Math.max(lifetimeMs - 60_000, lifetimeMs / 2),
    });
    return token;
  };

  // Signing once makes Better Auth create the key pair on a fresh database.
  const warmUp = async () => {
    await identity.api.signJWT({ body: { payload: { sub: 'gateway-warm-up' } } });
    await reload();
  };

  return { verify, mint, warmUp };
}
export type AccessTokens = ReturnType<typeof createAccessTokens>;

function claimsOf(caller: Caller) {
  return {
    sub: caller.userId,
    iat: Math.floor(Date.now() / 1000),
    org: caller.organizationId,
    role: caller.role,
    orgStatus: caller.organizationStatus,
    kind: caller.via === 'api-key' ? 'api-key' : 'user',
    sf: caller.secondFactorMissing ? 'missing' : 'ok',
    ...(caller.scopes ? { scope: caller.scopes.join(' ') } : {}),
  };
}
