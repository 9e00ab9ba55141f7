import { z } from 'zod';

/**
 * Where a service finds the gateway's access-token keys and what it expects in a token.
 * Spread into a service's own config schema, beside the kit's `baseConfig`. The defaults are
 * those of a gateway on its default port (`PUBLIC_URL` is the tokens' issuer).
 */
export const authConfig = {
  AUTH_ISSUER: z.string().min(1).default('http://127.0.0.1:8080'),
  AUTH_AUDIENCE: z.string().min(1).default('hcts-services'),
  AUTH_JWKS_URL: z.url().default('http://127.0.0.1:8080/api/auth/jwks'),
};
