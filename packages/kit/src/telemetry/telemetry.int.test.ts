import { SpanKind } from '@opentelemetry/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InMemoryTelemetry } from './telemetry.ts';
import { startInMemoryTelemetry } from './telemetry.ts';
import { currentTraceHeaders, withExtractedContext, withSpan } from './trace-context.ts';

// Telemetry starts before the modules it patches load, as `--import .../register` does for a
// service; so the kit's HTTP and Postgres modules are imported dynamically below.
const telemetry: InMemoryTelemetry = startInMemoryTelemetry('telemetry-test');
const { createService } = await import('../http/create-service.ts');
const { createDatabase } = await import('../postgres/create-database.ts');
const { sql } = await import('kysely');
const { createTestDatabase } = await import('@hcts/test-harness');

describe('telemetry across HTTP and Postgres', () => {
  let testDb: Awaited<ReturnType<typeof createTestDatabase>>;
  let database: ReturnType<typeof createDatabase>;
  let service: Awaited<ReturnType<typeof createService>>;
  let url: string;

  beforeAll(async () => {
    testDb = await createTestDatabase('kit_otel');
    database = createDatabase({ url: testDb.url, poolMax: 2 });
    service = await createService({
      name: 'telemetry-test',
      config: { HOST: '127.0.0.1', PORT: 0, LOG_LEVEL: 'silent' },
      database,
      routes: (app) => {
        app.get('/traced', async (request) => {
          await sql`select 1`.execute(database.db);
          return { traceId: request.traceId, headers: currentTraceHeaders() };
        });
        app.get('/fails', async () => {
          throw new Error('hidden');
        });
      },
    });
    ({ url } = await service.start());
  });

  afterAll(async () => {
    await service.stop();
    await testDb.drop();
    await telemetry.shutdown();
  });

  it('puts the server span, the pg query and the outgoing traceparent in one trace', async () => {
    const body = (await (await fetch(`${url}/traced`)).json()) as {
      traceId: string;
      headers: { traceparent: string };
    };
    await telemetry.flush();

    const spans = telemetry.spans().filter((s) => s.spanContext().traceId === body.traceId);
    const kinds = spans.map((s) => s.kind);
    expect(kinds).toContain(SpanKind.SERVER);
    expect(kinds).toContain(SpanKind.CLIENT);
    expect(spans.some((s) => s.instrumentationScope.name.includes('pg'))).toBe(true);
    expect(body.headers.traceparent).toMatch(new RegExp(`^00-${body.traceId}-[0-9a-f]{16}-01$`));
  });

  it('continues the caller trace and quotes its id in a problem', async () => {
    const traceId = crypto.randomUUID().replaceAll('-', '');
    const caller = { traceparent: `00-${traceId}-00f067aa0ba902b7-01` };
    // The client is instrumented too: it sends its own span as the parent, in the same trace.
    const res = await withExtractedContext(caller, () => fetch(`${url}/fails`));

    expect(res.status).toBe(500);
    expect(((await res.json()) as { traceId: string }).traceId).toBe(traceId);
  });

  it('continues a trace from message headers, Buffers included', async () => {
    const traceId = crypto.randomUUID().replaceAll('-', '');
    const headers = { traceparent: Buffer.from(`00-${traceId}-00f067aa0ba902b7-01`) };

    const inner = await withExtractedContext(headers, () =>
      withSpan('consume example', { kind: SpanKind.CONSUMER }, async () => currentTraceHeaders()),
    );

    expect(inner.traceparent).toMatch(new RegExp(`^00-${traceId}-`));
    const span = telemetry.spans().find((s) => s.name === 'consume example');
    expect(span?.spanContext().traceId).toBe(traceId);
    expect(span?.parentSpanContext?.spanId).toBe('00f067aa0ba902b7');
  });

  it('records a failure on the span and rethrows it', async () => {
    const name = `failing ${crypto.randomUUID()}`;
    await expect(
      withSpan(name, {}, async () => {
        throw new Error('no');
      }),
    ).rejects.toThrow('no');

    const span = telemetry.spans().find((s) => s.name === name);
    expect(span?.status.code).toBe(2);
  });
});
