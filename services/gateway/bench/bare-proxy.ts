import { createServer } from 'node:http';
import { Pool } from 'undici';

// The floor for the benchmark: an HTTP hop with a keep-alive pool and nothing else (no
// identity, no limits, no routing), to tell the cost of a hop from the cost of the gateway.
const upstream = new Pool(process.env.UPSTREAM_URL ?? 'http://127.0.0.1:8082', {
  connections: 128,
});
const server = createServer(async (req, res) => {
  const answer = await upstream.request({
    method: 'GET',
    path: req.url ?? '/',
    headers: { authorization: req.headers.authorization ?? '' },
  });
  const body = Buffer.from(await answer.body.arrayBuffer());
  res.writeHead(answer.statusCode, {
    'content-type': 'application/json',
    'content-length': body.length,
  });
  res.end(body);
});
server.keepAliveTimeout = 60_000;
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1');
