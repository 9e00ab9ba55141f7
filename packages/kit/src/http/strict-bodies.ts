import type { FastifyInstance } from 'fastify';
import { z } from 'zod';

/**
 * Refuses, at registration, a route whose body schema is a zod object that accepts unknown
 * keys: every body must be a `z.strictObject` (the contracts use them), so a client's typo
 * is a 400 rather than silently dropped data.
 *
 * Known limit: only the body's top-level object is inspected; nested objects rely on the
 * contracts' own use of strictObject. Walking every wrapper type of zod would lift it.
 */
export function requireStrictBodies(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    const body = route.schema?.body;
    if (!(body instanceof z.ZodObject)) return;

    const catchall = body.def.catchall;
    if (!(catchall instanceof z.ZodNever)) {
      throw new Error(`route ${route.method} ${route.url}: body must be a z.strictObject`);
    }
  });
}
