import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CollectedSpan {
  service: string;
  name: string;
  traceId: string;
  spanId: string;
  parentSpanId: string;
  kind: number;
}

interface OtlpJson {
  resourceSpans?: Array<{
    resource?: { attributes?: Array<{ key: string; value?: { stringValue?: string } }> };
    scopeSpans?: Array<{
      spans?: Array<{
        name: string;
        traceId: string;
        spanId: string;
        parentSpanId?: string;
        kind?: number;
      }>;
    }>;
  }>;
}

/**
 * A stand-in for an OpenTelemetry collector: accepts OTLP/HTTP JSON on /v1/traces and keeps the
 * spans in memory, so that a test can follow one trace across the platform's processes.
 */
export async function startSpanCollector() {
  const spans: CollectedSpan[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (req.url === '/v1/traces') keep(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const keep = (body: OtlpJson) => {
    for (const resource of body.resourceSpans ?? []) {
      const service =
        resource.resource?.attributes?.find((a) => a.key === 'service.name')?.value?.stringValue ??
        'unknown';
      for (const scope of resource.scopeSpans ?? []) {
        for (const span of scope.spans ?? []) {
          spans.push({
            service,
            name: span.name,
            traceId: span.traceId,
            spanId: span.spanId,
            parentSpanId: span.parentSpanId ?? '',
            kind: span.kind ?? 0,
          });
        }
      }
    }
  };

  return {
    tracesUrl: `http://127.0.0.1:${port}/v1/traces`,
    spans,
    ofTrace: (traceId: string) => spans.filter((s) => s.traceId === traceId),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
export type SpanCollector = Awaited<ReturnType<typeof startSpanCollector>>;
