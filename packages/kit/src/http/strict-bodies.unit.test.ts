import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { looseObjectPath } from './strict-bodies.ts';

describe('looseObjectPath', () => {
  it('accepts strict objects all the way down, through wrappers and containers', () => {
    const Line = z.strictObject({ sku: z.string() });
    const Body = z.strictObject({
      lines: z.array(Line).max(5),
      note: z.strictObject({ text: z.string() }).nullable().optional(),
      kind: z.discriminatedUnion('t', [
        z.strictObject({ t: z.literal('a') }),
        z.strictObject({ t: z.literal('b'), extra: z.tuple([Line]) }),
      ]),
      tags: z.record(z.string(), Line).default({}),
      trimmed: z.string().transform((s) => s.trim()),
    });

    expect(looseObjectPath(Body)).toBeUndefined();
  });

  it('names the path of a loose object wherever it hides', () => {
    expect(looseObjectPath(z.object({ a: z.string() }))).toBe('(root)');
    expect(looseObjectPath(z.strictObject({ lines: z.array(z.object({})) }))).toBe('lines.0');
    expect(
      looseObjectPath(z.strictObject({ meta: z.looseObject({ a: z.string() }).optional() })),
    ).toBe('meta');
    expect(
      looseObjectPath(
        z.strictObject({
          choice: z.union([z.strictObject({ a: z.string() }), z.object({ b: z.string() })]),
        }),
      ),
    ).toBe('choice');
  });

  it('does not loop on a recursive schema', () => {
    interface Node {
      children: Node[];
    }
    const Node: z.ZodType<Node> = z.strictObject({ children: z.array(z.lazy(() => Node)) });

    expect(looseObjectPath(Node)).toBeUndefined();
  });
});
