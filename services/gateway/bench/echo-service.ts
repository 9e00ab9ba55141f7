import { createAccessTokenVerifier } from '@hcts/auth';
import Fastify from 'fastify';

// Stands in for a service in the benchmark the way services are built: Fastify, and the
// caller's access token verified locally against the gateway's JWKS (@hcts/auth).
const body = { items: [{ id: '0190a2b4-0000-7000-8000-000000000001', total: 1200 }] };
const gatewayUrl = process.env.GATEWAY_URL ?? 'http://127.0.0.1:8080';
const verify = createAccessTokenVerifier({
  issuer: gatewayUrl,
  audience: 'hcts-services',
  jwksUrl: `${gatewayUrl}/.well-known/jwks.json`,
});

const app = Fastify({ logger: false });
app.get('/api/transactions', async (request, reply) => {
  const token = request.headers.authorization?.slice('Bearer '.length) ?? '';
  const caller = await verify(token).catch(() => undefined);
  if (!caller) return reply.code(401).send({ code: 'UNAUTHENTICATED' });
  return body;
});
app.get('/health/ready', async () => ({ status: 'ready' }));

await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT ?? 0) });
const address = app.server.address();
process.send?.({ port: typeof address === 'object' && address ? address.port : 0 });
