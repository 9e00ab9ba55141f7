import { describe, expect, it } from 'vitest';
import { startTelemetry } from './telemetry.ts';
import { currentTraceHeaders } from './trace-context.ts';

describe('startTelemetry', () => {
  it('is off without an exporter named', () => {
    expect(startTelemetry({ serviceName: 'x', env: {} }).enabled).toBe(false);
    expect(
      startTelemetry({ serviceName: 'x', env: { OTEL_TRACES_EXPORTER: 'none' } }).enabled,
    ).toBe(false);
  });

  it('is off when OTEL_SDK_DISABLED is true, even with an exporter named', () => {
    const env = { OTEL_SDK_DISABLED: 'true', OTEL_TRACES_EXPORTER: 'otlp' };

    expect(startTelemetry({ serviceName: 'x', env }).enabled).toBe(false);
  });

  it('gives no trace headers when off', () => {
    expect(currentTraceHeaders()).toEqual({ traceparent: null, tracestate: null });
  });
});
