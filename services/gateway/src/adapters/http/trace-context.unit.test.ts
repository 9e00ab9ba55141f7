import { startInMemoryTelemetry } from '@hcts/kit/telemetry';
import { describe, expect, it } from 'vitest';
import { correlationIdOf, hopTraceHeaders, nextTraceparent } from './trace-context.ts';

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

  it("passes the caller's tracestate on only with the caller's trace", () => {
    const traceparent = `00-${'c3'.repeat(16)}-${'d4'.repeat(8)}-01`;
    const continued = hopTraceHeaders({ traceparent, tracestate: 'vendor=1' });
    expect(continued.traceparent).toContain('c3'.repeat(16));
    expect(continued.tracestate).toBe('vendor=1');

    expect(hopTraceHeaders({ traceparent: 'garbage', tracestate: 'vendor=1' })).not.toHaveProperty(
      'tracestate',
    );
  });

  it('leaves the trace headers to the instrumentation when telemetry is on', async () => {
    const telemetry = startInMemoryTelemetry('gateway-test');
    try {
      const traceparent = `00-${'e5'.repeat(16)}-${'f6'.repeat(8)}-01`;
      expect(hopTraceHeaders({ traceparent })).toEqual({});
    } finally {
      await telemetry.shutdown();
    }
    expect(hopTraceHeaders({}).traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
  });
});
