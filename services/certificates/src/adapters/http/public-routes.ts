import rateLimit from '@fastify/rate-limit';
import type { ServiceApp } from '@hcts/kit';
import { z } from 'zod';
import { verifyCode } from '../../app/verify-code.ts';
import { certificateContext, certificateContextPath } from '../../domain/certificate-context.ts';
import type { HttpDeps } from './http-deps.ts';

const Code = z.string().regex(/^[A-Za-z0-9_-]{22,64}$/, 'a verification code');

/** What anyone may ask: the keys, the context, a QR code's status, the log's head and proofs. */
export async function registerPublicRoutes(app: ServiceApp, deps: HttpDeps): Promise<void> {
  await app.register(rateLimit, { global: false });

  app.get('/.well-known/jwks.json', async (_request, reply) => {
    reply.header('cache-control', 'public, max-age=300');
    return deps.keys.jwks();
  });

  // The JSON-LD context every certificate names; fixed, so caches may keep it a day.
  app.get(certificateContextPath, async (_request, reply) => {
    reply.header('cache-control', 'public, max-age=86400');
    return reply.type('application/ld+json').send(certificateContext);
  });

  app.get(
    '/api/certificates/verify/:code',
    {
      schema: { params: z.strictObject({ code: Code }) },
      config: { rateLimit: { max: deps.verifyRateLimitPerMinute, timeWindow: 60_000 } },
    },
    async (request, reply) => {
      const result = await verifyCode(deps.verify, request.params.code);

      // The audit trail of public lookups: which certificate and what was answered, no code.
      const id = 'certificateId' in result ? result.certificateId : null;
      request.log.info({ 'certificates.certificate.id': id, status: result.status }, 'verified');
      reply.header('cache-control', 'no-store');
      return result;
    },
  );

  app.get('/api/certificates/status', async (_request, reply) => {
    const jws = await deps.app.store.latestStatusList();
    reply.header('cache-control', 'no-store');
    return { statusList: jws ?? null };
  });

  app.get('/api/certificates/log/checkpoint', async () => {
    const head = await deps.app.signCheckpoint();
    return { checkpoint: head.jws, treeSize: head.checkpoint.treeSize };
  });

  app.get(
    '/api/certificates/log/consistency',
    { schema: { querystring: z.strictObject({ from: z.coerce.number().int().min(0) }) } },
    async (request) => deps.app.newerCheckpoint(request.query.from),
  );
}
