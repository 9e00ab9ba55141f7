import type { ProxyTracerProvider } from '@opentelemetry/api';
import { trace } from '@opentelemetry/api';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { NodeSDK } from '@opentelemetry/sdk-node';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace';
import type { Telemetry } from './active.ts';
import { activeTelemetry, setActiveTelemetry } from './active.ts';

export type { Telemetry } from './active.ts';

type Env = Record<string, string | undefined>;

export interface TelemetryOptions {
  serviceName: string;
  /** The standard OTEL_* variables; `process.env` by default. */
  env?: Env;
  /** Export every span here at once, whatever the variables say (tests). */
  spanExporter?: SpanExporter;
}

const disabled: Telemetry = Object.freeze({
  enabled: false,
  flush: async () => {},
  shutdown: async () => {},
});

/**
 * Tracing is off unless asked for: `OTEL_TRACES_EXPORTER` names an exporter (otlp, console)
 * and `OTEL_SDK_DISABLED` is not true, or a test passes an exporter. The SDK then reads the
 * other standard variables itself (endpoint, headers, sampler). Metrics stay with prom-client
 * and logs with pino, so the SDK exports neither. Start it before the libraries it patches
 * (http, pg) are loaded: `node --import @hcts/kit/telemetry/register src/main.ts`.
 */
export function startTelemetry(options: TelemetryOptions): Telemetry {
  const running = activeTelemetry();
  if (running) return running;

  const env = options.env ?? process.env;
  const exporterNames = (env.OTEL_TRACES_EXPORTER ?? 'none').split(',').map((s) => s.trim());
  const wanted = options.spanExporter !== undefined || !exporterNames.includes('none');
  if (env.OTEL_SDK_DISABLED === 'true' || !wanted) return disabled;

  const sdk = new NodeSDK({
    serviceName: env.OTEL_SERVICE_NAME ?? options.serviceName,
    instrumentations: [
      new HttpInstrumentation({ ignoreIncomingRequestHook: (req) => isOperations(req.url) }),
      new PgInstrumentation({ requireParentSpan: true }),
      new UndiciInstrumentation(),
    ],
    metricReaders: [],
    logRecordProcessors: [],
    ...(options.spanExporter
      ? { spanProcessors: [new SimpleSpanProcessor({ exporter: options.spanExporter })] }
      : {}),
  });
  sdk.start();

  const handle: Telemetry = Object.freeze({
    enabled: true,
    flush: async () => {
      // The API hands out a proxy; the SDK's provider behind it owns the span processors.
      const proxy = trace.getTracerProvider() as ProxyTracerProvider;
      const provider = proxy.getDelegate() as { forceFlush?: () => Promise<void> };
      await provider.forceFlush?.();
    },
    shutdown: async () => {
      setActiveTelemetry(undefined);
      await sdk.shutdown();
    },
  });
  setActiveTelemetry(handle);
  return handle;
}

function isOperations(url: string | undefined): boolean {
  return url !== undefined && (url.startsWith('/health/') || url === '/metrics');
}

export interface InMemoryTelemetry extends Telemetry {
  /** Every span ended so far, in the order they ended. */
  spans(): ReadableSpan[];
  reset(): void;
}

/** Telemetry that keeps spans in memory, for tests that check what was traced. */
export function startInMemoryTelemetry(serviceName: string): InMemoryTelemetry {
  const exporter = new InMemorySpanExporter();
  const telemetry = startTelemetry({ serviceName, spanExporter: exporter, env: {} });
  return Object.freeze({
    ...telemetry,
    spans: () => exporter.getFinishedSpans() as ReadableSpan[],
    reset: () => exporter.reset(),
  });
}
