import type { RouteEntry } from '../../app/route-table.ts';
import { routeTable } from '../../app/route-table.ts';
import type { Upstream } from '../../config.ts';

type Json = Record<string, unknown>;
type Doc = { paths?: Record<string, Json>; components?: { schemas?: Record<string, unknown> } };

const cacheMs = 60_000;

/**
 * One OpenAPI 3.1 document for the public API: every route of the route table with its policy,
 * Better Auth's routes, and each service's own description of its routes (fetched on demand,
 * cached a minute; a service that does not answer keeps the gateway's outline of its routes).
 * A service's schemas are renamed `<service>.<name>` so that two services cannot clash.
 */
export function createOpenApi(deps: {
  publicUrl: string;
  upstreams: Partial<Record<Upstream, string>>;
  authSchema: () => Promise<Doc>;
}) {
  let cached: { at: number; doc: Json } | undefined;

  const build = async (): Promise<Json> => {
    const paths: Record<string, Json> = {};
    const schemas: Record<string, unknown> = {};
    for (const route of routeTable) {
      if (route.target === 'identity') continue;
      const path = openApiPath(route.path);
      paths[path] = { ...paths[path], [route.method.toLowerCase()]: outline(route) };
    }

    const auth = await deps.authSchema().catch(() => ({}) as Doc);
    for (const [path, item] of Object.entries(auth.paths ?? {})) {
      paths[path.startsWith('/api/auth') ? path : `/api/auth${path}`] = tag(item, 'identity');
    }
    Object.assign(schemas, auth.components?.schemas ?? {});

    const fetched = await Promise.all(
      Object.entries(deps.upstreams).map(
        async ([name, url]) => [name, await fetchDoc(url)] as const,
      ),
    );
    for (const [service, doc] of fetched) if (doc) mergeService(service, doc, paths, schemas);

    return {
      openapi: '3.1.0',
      info: { title: 'HCTS API', version: '1.0.0' },
      servers: [{ url: deps.publicUrl }],
      components: { schemas, securitySchemes },
      security: [{ bearer: [] }, { apiKey: [] }, { session: [] }],
      paths,
    };
  };

  return async (): Promise<Json> => {
    if (!cached || Date.now() - cached.at > cacheMs)
      cached = { at: Date.now(), doc: await build() };
    return cached.doc;
  };
}

const securitySchemes = {
  bearer: { type: 'http', scheme: 'bearer', description: 'An access token or a session token.' },
  apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key' },
  session: { type: 'apiKey', in: 'cookie', name: 'better-auth.session_token' },
};

function openApiPath(path: string): string {
  return path.replace(/:(\w+)/g, '{$1}');
}

function outline(route: RouteEntry): Json {
  const params = [...route.path.matchAll(/:(\w+)/g)].map((m) => ({
    name: m[1],
    in: 'path',
    required: true,
    schema: { type: 'string' },
  }));
  const access = route.access;
  return {
    tags: [route.target],
    summary: `${route.method} ${route.path}`,
    parameters: params,
    security: access.kind === 'public' ? [] : undefined,
    'x-hcts-policy':
      access.kind === 'member' ? { resource: access.resource, action: access.action } : access.kind,
    // The path at the service when the gateway rewrites it (the service documents that one).
    'x-hcts-upstream-path': route.upstreamPath ? openApiPath(route.upstreamPath) : undefined,
    responses: { default: { description: 'problem+json on error' } },
  };
}

function tag(item: Json, name: string): Json {
  return Object.fromEntries(
    Object.entries(item).map(([method, op]) => [method, { ...(op as Json), tags: [name] }]),
  );
}

async function fetchDoc(baseUrl: string): Promise<Doc | undefined> {
  try {
    const answer = await fetch(`${baseUrl}/openapi.json`, { signal: AbortSignal.timeout(1_000) });
    return answer.ok ? ((await answer.json()) as Doc) : undefined;
  } catch {
    return undefined;
  }
}

// Only routes the gateway serves are published; a service's other routes are not reachable.
function mergeService(
  service: string,
  doc: Doc,
  paths: Record<string, Json>,
  schemas: Record<string, unknown>,
) {
  const renamed = JSON.parse(
    JSON.stringify(doc).replaceAll('#/components/schemas/', `#/components/schemas/${service}.`),
  ) as Doc;
  for (const [name, schema] of Object.entries(renamed.components?.schemas ?? {})) {
    schemas[`${service}.${name}`] = schema;
  }
  for (const [path, item] of Object.entries(renamed.paths ?? {})) {
    const ours = paths[path];
    if (!ours) continue;
    for (const [method, op] of Object.entries(item)) {
      const outlineOp = ours[method] as Json | undefined;
      if (outlineOp) ours[method] = { ...(op as Json), ...pick(outlineOp) };
    }
  }
}

function pick(op: Json): Json {
  return {
    tags: op.tags,
    security: op.security,
    'x-hcts-policy': op['x-hcts-policy'],
    'x-hcts-upstream-path': op['x-hcts-upstream-path'],
  };
}
