import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SeenRequest {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * A stand-in for a service: answers every request with 200 and what it saw, keeps the last
 * requests, and answers /health/ready and /openapi.json like a real service would.
 */
export async function startStubUpstream(name: string, openapi?: object) {
  const seen: SeenRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.url === '/health/ready') return void res.end('{"status":"ready"}');
      if (req.url === '/openapi.json' && openapi) {
        res.setHeader('content-type', 'application/json');
        return void res.end(JSON.stringify(openapi));
      }
      const request = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString(),
      };
      seen.push(request);
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ service: name, method: request.method, url: request.url }));
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
