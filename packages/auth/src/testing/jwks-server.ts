import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TestTokens } from './test-tokens.ts';

export interface JwksServer {
  /** The key set's URL, for `AUTH_JWKS_URL`. */
  readonly url: string;
  /** `AUTH_ISSUER`, `AUTH_AUDIENCE` and `AUTH_JWKS_URL` of these tokens, for a service config. */
  readonly env: Readonly<Record<'AUTH_ISSUER' | 'AUTH_AUDIENCE' | 'AUTH_JWKS_URL', string>>;
  /** How many times the key set was fetched. */
  fetches(): number;
  close(): Promise<void>;
}

/**
 * Serves the tokens' key set over HTTP on 127.0.0.1, as the gateway does, so that a service
 * under test verifies tokens exactly as in production: from its configured URL.
 */
export async function serveJwks(tokens: TestTokens): Promise<JwksServer> {
  const body = JSON.stringify(tokens.jwks);
  let fetches = 0;
  const server = createServer((_request, response) => {
    fetches += 1;
    response.writeHead(200, { 'content-type': 'application/json' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}/api/auth/jwks`;
  return {
    url,
    env: Object.freeze({
      AUTH_ISSUER: tokens.issuer,
      AUTH_AUDIENCE: tokens.audience,
      AUTH_JWKS_URL: url,
    }),
    fetches: () => fetches,
    close: () =>
      new Promise<void>((resolve, reject) => {
        // The verifier's fetch keeps its connection alive; closing it lets close() finish.
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
