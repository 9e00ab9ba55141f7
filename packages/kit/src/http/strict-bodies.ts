import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';

interface Def {
  type: string;
  catchall?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  innerType?: z.ZodType;
  options?: z.ZodType[];
  left?: z.ZodType;
  right?: z.ZodType;
  in?: z.ZodType;
  valueType?: z.ZodType;
  items?: z.ZodType[];
}

function defOf(schema: unknown): Def | undefined {
  return (schema as { _zod?: { def?: Def } } | undefined)?._zod?.def;
}

/** The schemas one level inside a wrapper or container, with the path step to each. */
function childrenOf(def: Def): [string, z.ZodType][] {
  switch (def.type) {
    case 'object':
      return Object.entries(def.shape ?? {});
    case 'array':
      return def.element ? [['0', def.element]] : [];
    case 'tuple':
      return (def.items ?? []).map((item, i) => [String(i), item]);
    case 'record':
      return def.valueType ? [['*', def.valueType]] : [];
    case 'union':
      return (def.options ?? []).map((option) => ['', option]);
    case 'intersection':
      return [def.left, def.right].filter((s) => s !== undefined).map((s) => ['', s]);
    case 'pipe':
      return def.in ? [['', def.in]] : [];
    default:
      return def.innerType ? [['', def.innerType]] : [];
  }
}

/**
 * The path of the first object in a schema that accepts unknown keys (`z.object` strips them,
 * `z.looseObject` keeps them), or undefined when every object is strict. Lazy schemas are not
 * followed, which also keeps a recursive schema from looping.
 */
export function looseObjectPath(schema: z.ZodType, path: string[] = []): string | undefined {
  const def = defOf(schema);
  if (!def || def.type === 'lazy') return undefined;
  if (def.type === 'object' && defOf(def.catchall)?.type !== 'never') {
    return path.join('.') || '(root)';
  }

  for (const [step, child] of childrenOf(def)) {
    const found = looseObjectPath(child, step ? [...path, step] : path);
    if (found) return found;
  }
  return undefined;
}

/**
 * Refuses, at registration, a route whose body schema has an object that accepts unknown keys
 * anywhere in it: bodies are `z.strictObject`s all the way down (the contracts' are), so a
 * client's typo is a 400 rather than silently dropped data.
 */
export function requireStrictBodies(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    const body = route.schema?.body as z.ZodType | undefined;
    if (!defOf(body)) return;

    const loose = body ? looseObjectPath(body) : undefined;
    if (loose) {
      const where = `${route.method} ${route.url}`;
      throw new Error(`route ${where}: body object at ${loose} must be a z.strictObject`);
    }
  });
}
