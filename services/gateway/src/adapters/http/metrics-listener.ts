import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';

/**
 * `GET /metrics` on a listener of its own: the gateway's public port faces the internet, and
 * its figures (routes, rates, lags) are for the operator's Prometheus, not for callers.
 */
export async function startMetricsListener(
  registry: Registry,
  where: { host: string; port: number },
) {
  const server = createServer((request, response) => {
    if (request.method !== 'GET' || request.url !== '/metrics') {
      response.writeHead(404).end();
      return;
    }
    registry.metrics().then(
      (body) => response.writeHead(200, { 'content-type': registry.contentType }).end(body),
      () => response.writeHead(500).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(where.port, where.host, resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://${where.host}:${port}/metrics`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
