import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { makeSigner, testAudience, testIssuer } from './test-keys.ts';
import { createAccessTokenVerifier } from './verify-access-token.ts';

const signer = await makeSigner(`k-${randomBytes(4).toString('hex')}`);
let fetches = 0;
const server = createServer((_req, res) => {
  fetches += 1;
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify(signer.jwks));
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const { port } = server.address() as AddressInfo;

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('verifier with a remote JWKS', () => {
  it('fetches the key set once and serves later calls from its cache', async () => {
    const verify = createAccessTokenVerifier({
      issuer: testIssuer,
      audience: testAudience,
      jwksUrl: `http://127.0.0.1:${port}/jwks.json`,
    });

    for (let i = 0; i < 20; i += 1) {
      expect((await verify(await signer.sign())).userId).toBe('user-1');
    }
    expect(fetches).toBe(1);
  });

  it('says the keys are unavailable when the JWKS cannot be fetched', async () => {
    const verify = createAccessTokenVerifier({
      issuer: testIssuer,
      audience: testAudience,
      jwksUrl: 'http://127.0.0.1:1/jwks.json',
    });

    await expect(verify(await signer.sign())).rejects.toMatchObject({
      code: 'AUTH_KEYS_UNAVAILABLE',
    });
  });
});
