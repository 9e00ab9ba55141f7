import type { Context, Span, SpanKind, TextMapGetter } from '@opentelemetry/api';
import { context, propagation, ROOT_CONTEXT, SpanStatusCode, trace } from '@opentelemetry/api';

/** Headers as Kafka clients and Node hand them over: strings, Buffers, or repeated values. */
export type CarrierHeaders = Record<string, string | Buffer | (string | Buffer)[] | undefined>;

const headerGetter: TextMapGetter<CarrierHeaders> = {
  keys: (carrier) => Object.keys(carrier),
  get: (carrier, key) => {
    const value = carrier[key] ?? carrier[key.toLowerCase()];
    if (value === undefined) return undefined;
    return Array.isArray(value) ? value.map(String) : String(value);
  },
};

export interface TraceHeaders {
  traceparent: string | null;
  tracestate: string | null;
}

/**
 * The W3C trace context of the current span, to put on an outgoing message (the envelope's
 * `traceparent` and `tracestate`). Both null when tracing is off or no span is active.
 */
export function currentTraceHeaders(): TraceHeaders {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return { traceparent: carrier.traceparent ?? null, tracestate: carrier.tracestate ?? null };
}

/** The context carried by incoming headers (e.g. a Kafka message's traceparent). */
export function extractContext(headers: CarrierHeaders): Context {
  return propagation.extract(ROOT_CONTEXT, headers, headerGetter);
}

/** Runs `fn` as a continuation of the trace the headers carry. */
export function withExtractedContext<T>(headers: CarrierHeaders, fn: () => T): T {
  return context.with(extractContext(headers), fn);
}

/**
 * Runs `fn` inside a new span (a child of the active one), ends it, and records a thrown
 * error as the span's status. A no-op span when tracing is off.
 */
export async function withSpan<T>(
  name: string,
  options: { kind?: SpanKind; attributes?: Record<string, string | number | boolean> },
  fn: (span: Span) => Promise<T>,
): Promise<T> {
  const tracer = trace.getTracer('@hcts/kit');
  return tracer.startActiveSpan(name, options, async (span) => {
    try {
      return await fn(span);
    } catch (error) {
      span.setStatus({ code: SpanStatusCode.ERROR });
      if (error instanceof Error) span.recordException(error);
      throw error;
    } finally {
      span.end();
    }
  });
}
