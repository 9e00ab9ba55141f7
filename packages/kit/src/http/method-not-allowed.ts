import type { FastifyInstance, HTTPMethods } from 'fastify';
import FindMyWay, { type HTTPMethod } from 'find-my-way';

/**
 * A second router holding only the service's paths, asked when Fastify finds no route: if the
 * path exists under other methods, the answer is 405 with those methods in `Allow` instead of
 * a 404 that would send the client looking for a wrong URL. Fastify's own router cannot be
 * asked "which methods serve this concrete path", hence the copy.
 */
export function trackRouteMethods(app: FastifyInstance): (method: string, url: string) => string[] {
  // Same matching rules as Fastify's defaults; no length limit, so a long parameter still finds
  // its route here and gets the answer it deserves.
  const router = FindMyWay({ maxParamLength: Number.MAX_SAFE_INTEGER });
  const methods = new Set<string>();
  const noop = () => undefined;

  app.addHook('onRoute', (route) => {
    const routeMethods = ([] as HTTPMethods[]).concat(route.method);
    for (const method of routeMethods.map((m) => m.toUpperCase() as HTTPMethod)) {
      // The same method and path registered twice (a constraint variant) is one entry here.
      if (router.hasRoute(method, route.url)) continue;
      router.on(method, route.url, noop);
      methods.add(method);
    }
  });

  return (method, url) => {
    const path = url.split('?')[0] ?? url;
    const allowed = [...methods].filter((m) => m !== method && router.find(m as HTTPMethod, path));
    return allowed.sort();
  };
}
