import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Member } from '../../testing/members.ts';
import { registerMember } from '../../testing/members.ts';
import type { TestGateway } from '../../testing/test-gateway.ts';
import { startTestGateway } from '../../testing/test-gateway.ts';

let gw: TestGateway;
let insurer: Member;
beforeAll(async () => {
  gw = await startTestGateway('hardening');
  insurer = await registerMember(gw, 'insurer');
});
afterAll(async () => {
  await gw?.close();
});

/** A JSON body of about `bytes` bytes. */
const jsonOf = (bytes: number) => JSON.stringify({ email: 'a@b.c', padding: 'x'.repeat(bytes) });

/** Sends the body in chunks without a declared length, as a client streaming an upload. */
async function postChunked(
  path: string,
  body: string,
  headers: Record<string, string> = {},
  chunkBytes = 16_384,
) {
  const bytes = Buffer.from(body);
  const stream = new ReadableStream({
    start(controller) {
      for (let at = 0; at < bytes.length; at += chunkBytes) {
        controller.enqueue(bytes.subarray(at, at + chunkBytes));
      }
      controller.close();
    },
  });
  const response = await fetch(new URL(path, gw.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: gw.url, ...headers },
    body: stream,
    duplex: 'half',
  } as RequestInit);
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    json: (await response.json()) as { code?: string },
  };
}

describe('hardening at the edge: body limits and browser headers', () => {
  it('refuses a sign-in body over 64 KiB with a 413 problem, declared or streamed', async () => {
    const declared = await insurer.client.call('POST', '/api/auth/sign-in/email', {
      rawBody: jsonOf(100_000),
      headers: { 'content-type': 'application/json' },
    });
    const streamed = await postChunked('/api/auth/sign-in/email', jsonOf(100_000));

    expect(declared.status).toBe(413);
    expect(declared.headers.get('content-type')).toContain('application/problem+json');
    expect(declared.json.code).toBe('GATEWAY_BODY_TOO_LARGE');
    expect(streamed.status).toBe(413);
    expect(streamed.json.code).toBe('GATEWAY_BODY_TOO_LARGE');
  });

  it('sends the hardening headers on every answer, errors and documents too', async () => {
    const answers = [
      await insurer.client.call('POST', '/api/auth/sign-in/email', {
        rawBody: jsonOf(100_000),
        headers: { 'content-type': 'application/json' },
      }),
      await insurer.client.get('/docs'),
      await insurer.client.get('/api/transactions'),
    ];

    for (const answer of answers) {
      expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
      expect(answer.headers.get('x-frame-options')).toBe('DENY');
      expect(answer.headers.get('referrer-policy')).toBe('no-referrer');
    }
  });

  it('survives a large streamed body that passes the limit before anyone reads it', async () => {
    const answer = await postChunked(
      '/api/auth/request-password-reset',
      jsonOf(5_000_000),
      {},
      1_048_576,
    );
    const alive = await fetch(new URL('/health/live', gw.url));

    expect(answer.status).toBe(413);
    expect(alive.status).toBe(200);
  });

  it('forwards a body sent with Expect: 100-continue, as curl sends large ones', async () => {
    const body = jsonOf(10_000);
    const cookie = [...insurer.client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const status = await new Promise<number>((resolve, reject) => {
      const call = httpRequest(new URL('/api/purchase/quote', gw.url), {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          expect: '100-continue',
          origin: gw.url,
          cookie,
        },
      });
      call.on('continue', () => call.end(body));
      call.on('response', (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      });
      call.on('error', reject);
    });

    expect(status).toBe(200);
    expect(gw.stubs.trading!.seen.at(-1)!.body).toBe(body);
  });

  it('still passes an ordinary sign-in body to Better Auth', async () => {
    const answer = await insurer.client.call('POST', '/api/auth/sign-in/email', {
      rawBody: JSON.stringify({ email: 'nobody@bodies.test', password: 'not-the-password' }),
      headers: { 'content-type': 'application/json' },
    });

    expect(answer.status).toBe(401);
  });

  it('refuses a forwarded body over 1 MiB before the service sees it', async () => {
    const before = gw.stubs.trading!.seen.length;

    const declared = await insurer.client.call('POST', '/api/purchase/quote', {
      rawBody: jsonOf(2_000_000),
      headers: { 'content-type': 'application/json' },
    });

    expect(declared.status).toBe(413);
    expect(declared.json.code).toBe('GATEWAY_BODY_TOO_LARGE');
    expect(gw.stubs.trading!.seen.length).toBe(before);
  });

  it('forwards a body under the limit whole', async () => {
    const body = jsonOf(500_000);

    const answer = await insurer.client.call('POST', '/api/purchase/quote', {
      rawBody: body,
      headers: { 'content-type': 'application/json' },
    });

    expect(answer.status).toBe(200);
    expect(gw.stubs.trading!.seen.at(-1)!.body).toBe(body);
  });
});
