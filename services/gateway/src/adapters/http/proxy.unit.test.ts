import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { createForwarder } from './proxy.ts';

/** A service whose waiting reads answer only when released; other calls answer at once. */
async function startHoldingService() {
  const held: Array<() => void> = [];
  const server = createServer((request, response) => {
    const answer = () => response.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    if (request.url?.includes('waitFor=')) held.push(answer);
    else answer();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    held: () => held.length,
    releaseAll: () => {
      for (const answer of held.splice(0)) answer();
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('forwarding waiting reads', () => {
  const closers: Array<() => Promise<unknown>> = [];
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
  });

  it('keeps ordinary calls moving while every ordinary connection could be waiting', async () => {
    const service = await startHoldingService();
    const forwarder = createForwarder(
      { trading: service.url },
      { connectMs: 1_000, responseMs: 30_000 },
    );
    const app = Fastify();
    app.get('/*', (request, reply) =>
      forwarder.forward(
        request,
        reply,
        {
          upstream: 'trading',
          path: request.url,
          waiting: request.url.includes('waitFor='),
        },
        {},
      ),
    );
    await app.listen({ port: 0, host: '127.0.0.1' });
    closers.push(service.close, forwarder.close, () => app.close());
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;

    // More waiting reads than the ordinary pool has connections (128).
    const waits = Array.from({ length: 140 }, (_, i) => fetch(`${base}/t/${i}?waitFor=authorized`));
    while (service.held() < 140) await new Promise((resolve) => setTimeout(resolve, 20));
    const ordinary = await fetch(`${base}/t/list`);

    expect(ordinary.status).toBe(200);
    expect(service.held()).toBe(140);
    service.releaseAll();
    expect((await Promise.all(waits)).every((r) => r.status === 200)).toBe(true);
  });
});
