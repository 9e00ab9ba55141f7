import { describe, expect, it } from 'vitest';
import { correlationIdOf, nextTraceparent } from './trace-context.ts';

describe('trace context', () => {
  it("continues the caller's trace with a new span", () => {
    const incoming = `00-${'a1'.repeat(16)}-${'b2'.repeat(8)}-01`;
    const next = nextTraceparent(incoming);

    expect(next).toMatch(new RegExp(`^00-${'a1'.repeat(16)}-[0-9a-f]{16}-01$`));
    expect(next).not.toContain('b2'.repeat(8));
  });

  it('starts a new trace for a missing or malformed traceparent', () => {
    for (const bad of [undefined, 'garbage', `00-${'0'.repeat(32)}-${'1'.repeat(16)}-01`]) {
      const next = nextTraceparent(bad);
      expect(next).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
      expect(next).not.toContain('0'.repeat(32));
    }
  });

  it('keeps a well-formed correlation id and replaces anything else', () => {
    expect(correlationIdOf('order-42', 'fallback')).toBe('order-42');
    expect(correlationIdOf('bad id with spaces', 'fallback')).toBe('fallback');
  });
});
