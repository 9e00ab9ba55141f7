import type { Envelope } from '@hcts/contracts';
import {
  context as otelContext,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';
import { sql } from 'kysely';
import type { Logger } from 'pino';
import type { AnyDatabase, AnyTransaction } from '../db.ts';
import { BusError } from '../errors.ts';
import type { BusMetrics } from '../metrics.ts';
import type { EventHandler } from './types.ts';

export interface InboxRun {
  db: AnyDatabase;
  group: string;
  inbox: boolean;
  timeoutMs: number;
  metrics: BusMetrics;
}

/** A message ready for its handler. */
export interface Work {
  envelope: Envelope;
  handler: EventHandler;
  log: Logger;
}

export type InboxOutcome = 'handled' | 'duplicate';

/** A failed transaction, with the position of the work whose handler failed (-1: none did). */
export class TransactionFailed extends Error {
  readonly index: number;

  constructor(index: number, cause: unknown) {
    super('inbox transaction failed', { cause });
    this.name = 'TransactionFailed';
    this.index = index;
  }
}

/**
 * Handles messages in one transaction that also records each (group, event id) in the inbox.
 * An event already recorded (an earlier delivery, or a copy earlier in the same list) is a
 * duplicate: its handler does not run. A handler that overruns its time is aborted and the
 * transaction rolled back; its later queries through the transaction fail, so it cannot write
 * outside it. Any failure rolls everything back and says which handler failed.
 */
export async function runInInbox(
  run: InboxRun,
  works: readonly Work[],
  attempt: number,
): Promise<InboxOutcome[]> {
  const trx = await run.db.startTransaction().execute();
  let current = -1;
  try {
    const fresh = await begin(trx, run, works);
    const outcomes: InboxOutcome[] = [];
    for (const [index, work] of works.entries()) {
      if (fresh && !fresh.delete(work.envelope.id)) {
        outcomes.push('duplicate');
        continue;
      }
      current = index;
      await runHandler(run, work, trx, attempt);
      outcomes.push('handled');
    }
    current = -1;
    await trx.commit().execute();
    return outcomes;
  } catch (error) {
    if (!trx.isCommitted && !trx.isRolledBack)
      await trx
        .rollback()
        .execute()
        .catch(() => {});
    throw new TransactionFailed(current, error);
  }
}

/**
 * Bounds every statement by the handler's time (a query stuck in Postgres would otherwise hold
 * the rollback back) and records the events in the inbox, in one round trip. Returns the ids
 * newly recorded, or undefined when the inbox is off.
 */
async function begin(trx: AnyDatabase, run: InboxRun, works: readonly Work[]) {
  const timeout = String(run.timeoutMs);
  if (!run.inbox) {
    await sql`select set_config('statement_timeout', ${timeout}, true)`.execute(trx);
    return undefined;
  }

  const { rows } = await sql<{ event_id: string }>`
    with bounded as (select set_config('statement_timeout', ${timeout}, true))
    insert into bus_inbox (consumer_group, event_id, event_type)
    select ${run.group}, e.id, e.type from bounded, unnest(
      ${works.map((w) => w.envelope.id)}::uuid[], ${works.map((w) => w.envelope.type)}::text[]
    ) as e(id, type)
    on conflict do nothing returning event_id
  `.execute(trx);
  return new Set(rows.map((r) => r.event_id));
}

/**
 * Runs one handler within its time, inside a CONSUMER span `process <type>` that continues the
 * trace its message carried, so that the handler's own spans (queries, calls) join that trace.
 * A no-op span when tracing is off.
 */
async function runHandler(run: InboxRun, work: Work, trx: AnyTransaction, attempt: number) {
  const { envelope, handler, log } = work;
  const started = performance.now();
  const parent = propagation.extract(ROOT_CONTEXT, traceCarrier(envelope));
  const span = tracer.startSpan(
    `process ${envelope.type}`,
    { kind: SpanKind.CONSUMER, attributes: spanAttributes(run, envelope, attempt) },
    parent,
  );
  try {
    await withTimeout(run.timeoutMs, envelope.type, (signal) =>
      otelContext.with(trace.setSpan(parent, span), () =>
        handler(envelope, { trx, log, signal, attempt }),
      ),
    );
  } catch (error) {
    span.setStatus({ code: SpanStatusCode.ERROR });
    if (error instanceof Error) span.recordException(error);
    throw error;
  } finally {
    span.end();
  }
  const seconds = (performance.now() - started) / 1000;
  run.metrics.handlerSeconds.observe({ group: run.group, type: envelope.type }, seconds);
}

const tracer = trace.getTracer('@hcts/bus');

// OpenTelemetry's messaging conventions, without the payload.
function spanAttributes(run: InboxRun, envelope: Envelope, attempt: number) {
  return {
    'messaging.system': 'kafka',
    'messaging.operation.type': 'process',
    'messaging.consumer.group.name': run.group,
    'messaging.message.id': envelope.id,
    'cloudevents.event_type': envelope.type,
    'hcts.attempt': attempt,
  };
}

function traceCarrier(envelope: Envelope): Record<string, string> {
  const carrier: Record<string, string> = {};
  if (envelope.traceparent) carrier.traceparent = envelope.traceparent;
  if (envelope.tracestate) carrier.tracestate = envelope.tracestate;
  return carrier;
}

async function withTimeout(
  timeoutMs: number,
  type: string,
  work: (signal: AbortSignal) => Promise<void>,
): Promise<void> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new BusError('BUS_HANDLER_TIMEOUT', { type, timeoutMs });
      controller.abort(error);
      reject(error);
    }, timeoutMs);
  });
  const running = work(controller.signal);
  // A handler still running after its time fails later on its rolled-back transaction; that
  // failure belongs to an attempt already settled.
  running.catch(() => {});
  try {
    await Promise.race([running, expired]);
  } finally {
    clearTimeout(timer);
  }
}
